// Atomic writes: a result is written to a temporary file (or folder) beside its destination and then
// renamed into place, so a reader never sees a half-written file and a killed process leaves at most
// a stray temporary behind (named <name>.tmp-<pid>-<n>-<host>, ignored by every reader). The next writer
// of the same destination removes the strays of processes that are gone (RemoveStaleTemporaries).
// Every file the tool writes goes through here, except the append-only logs (metrics.jsonl, run.log) whose
// readers drop a torn last line; tests/BabyLm.Cli.Tests/Hostile/AtomicWriteScanTests.cs holds the code to it.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BabyLm.Core;

public static partial class AtomicFile
{
    private static long s_counter;
    private static readonly string s_host = HostTag();

    /// <summary>A unique temporary path beside <paramref name="path"/>.</summary>
    public static string TempPathFor(string path)
        => string.Create(CultureInfo.InvariantCulture, $"{path}.tmp-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{s_host}");

    /// <summary>Writes all bytes to <paramref name="path"/> atomically (flushed to disk before the rename).</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> atomically (replacing it).</summary>
    public static void Copy(string source, string path)
        => Write(path, stream =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            input.CopyTo(stream);
        });

    /// <summary>Writes through a stream to a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        InputPath.OutputFile(path, "output");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Builds a folder atomically: <paramref name="build"/> fills a temporary folder beside
    /// <paramref name="dir"/>, which then replaces <paramref name="dir"/> (an existing one is moved aside
    /// first and removed after). On failure nothing is left behind; strays of killed earlier builds are
    /// removed first.
    /// </summary>
    public static void WriteDirectory(string dir, Action<string> build)
    {
        var full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        InputPath.OutputFolder(dir, "output");
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        RemoveStaleTemporaries(full);
        var tmp = TempPathFor(full);
        try
        {
            Directory.CreateDirectory(tmp);
            build(tmp);
            string? old = null;
            if (Directory.Exists(full))
            {
                old = TempPathFor(full + ".old");
                Directory.Move(full, old);
            }
            Directory.Move(tmp, full);
            if (old is not null) Directory.Delete(old, recursive: true);
        }
        catch
        {
            TryDeleteDirectory(tmp);
            throw;
        }
    }

    /// <summary>The writer of a temporary that <see cref="TempPathFor"/> named: its pid and host (null host: an older name without one).</summary>
    public static bool TryParseTemporary(string name, out string destination, out int pid, out string? host)
    {
        var m = TempName().Match(name);
        destination = m.Success ? name[..m.Index] : "";
        pid = m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : 0;
        host = m.Success && m.Groups[3].Success ? m.Groups[3].Value : null;
        return m.Success && pid > 0;
    }

    /// <summary>
    /// Removes the temporaries beside <paramref name="destination"/> left by writers that are gone (a process of
    /// this host that no longer runs). A folder moved aside by a killed <see cref="WriteDirectory"/> is moved
    /// back when the destination is missing (it is the last complete version), and removed otherwise.
    /// Temporaries of live processes and of other hosts are left alone. Returns how many were removed.
    /// </summary>
    public static int RemoveStaleTemporaries(string destination)
    {
        var full = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent)) return 0;
        var name = Path.GetFileName(full);
        int removed = 0;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(parent, name + ".*").ToList();
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var entry in entries)
        {
            var entryName = Path.GetFileName(entry);
            if (!TryParseTemporary(entryName, out var dest, out int pid, out var host)) continue;
            if (dest != name && dest != name + ".old") continue;
            if (host is not null && host != s_host) continue;
            if (IsAlive(pid)) continue;
            if (dest == name + ".old" && !File.Exists(full) && !Directory.Exists(full) && Directory.Exists(entry))
            {
                try { Directory.Move(entry, full); } catch (IOException) { continue; }
                continue;
            }
            if (Directory.Exists(entry)) TryDeleteDirectory(entry);
            else TryDelete(entry);
            if (!File.Exists(entry) && !Directory.Exists(entry)) removed++;
        }
        return removed;
    }

    /// <summary>Removes the stale temporaries of every file and folder directly inside <paramref name="dir"/>.</summary>
    public static int RemoveStaleTemporariesIn(string dir)
    {
        if (!Directory.Exists(dir)) return 0;
        var destinations = Directory.EnumerateFileSystemEntries(dir)
            .Select(e => TryParseTemporary(Path.GetFileName(e), out var dest, out _, out _) ? dest : null)
            .Where(d => d is not null).Select(d => d!.EndsWith(".old", StringComparison.Ordinal) ? d[..^4] : d).Distinct().ToList();
        return destinations.Sum(d => RemoveStaleTemporaries(Path.Combine(dir, d)));
    }

    /// <summary>True when a process with this id runs on this host (our own id counts as alive).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string HostTag()
    {
        var host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(40).ToArray());
        return host.Length > 0 ? host : "host";
    }

    // <dest>.tmp-<pid>-<n>[-<host>]
    [GeneratedRegex(@"\.tmp-([0-9]+)-([0-9]+)(?:-([A-Za-z0-9-]+))?$")]
    private static partial Regex TempName();
}
