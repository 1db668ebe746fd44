// Atomic writes: a result is written to a temporary file (or folder) beside its destination and then
// renamed into place, so a reader never sees a half-written file and a killed process leaves at most
// a stray temporary behind (named *.tmp-<pid>-<n>, ignored by every reader).
using System.Text;

namespace BabyLm.Core;

public static class AtomicFile
{
    private static long s_counter;

    /// <summary>A unique temporary path beside <paramref name="path"/>.</summary>
    public static string TempPathFor(string path)
        => $"{path}.tmp-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";

    /// <summary>Writes all bytes to <paramref name="path"/> atomically (flushed to disk before the rename).</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes through a stream to a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
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
    /// first and removed after). On failure nothing is left behind.
    /// </summary>
    public static void WriteDirectory(string dir, Action<string> build)
    {
        var full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
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
}
