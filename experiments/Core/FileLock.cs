// A cross-process lock on a file (an exclusive open, an advisory flock on Unix), released when disposed or
// when the process dies. Two runs of a sweep that need the same cached tokenizer or shards use it so that
// the second waits and then finds the cache; a run folder is held by it while a run trains, so a second
// trainer is refused. The holder records who it is (pid, host, start time) in <lock>.owner, so the one
// refused can name it; a reader never trusts that file to decide anything, only to say who holds the lock.
using System.Globalization;

namespace BabyLm.Core;

public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string? _ownerFile;

    private FileLock(string path, FileStream stream, string? ownerFile)
    {
        Path = path;
        _stream = stream;
        _ownerFile = ownerFile;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The file beside a lock in which its holder names itself.</summary>
    public static string OwnerFileOf(string lockPath) => lockPath + ".owner";

    /// <summary>Waits (polling) until the lock file can be opened exclusively.</summary>
    /// <param name="recordOwner">Write &lt;lock&gt;.owner (off for a probe that only asks whether the lock is free).</param>
    public static FileLock Acquire(string path, TimeSpan? timeout = null, bool recordOwner = true)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromHours(2));
        while (true)
        {
            if (TryAcquire(path, recordOwner) is { } held) return held;
            if (DateTime.UtcNow >= deadline)
                throw new IOException($"the lock {path} is held by {Describe(ReadOwner(path))}");
            Thread.Sleep(200);
        }
    }

    /// <summary>Takes the lock if it is free; null when another process (or another handle of this one) holds it.</summary>
    public static FileLock? TryAcquire(string path, bool recordOwner = true)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        FileStream stream;
        try
        {
            stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            return null;
        }
        string? owner = null;
        if (recordOwner)
        {
            owner = OwnerFileOf(full);
            AtomicFile.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId}\nhost {Environment.MachineName}\nsince {DateTimeOffset.UtcNow:O}\n"));
        }
        return new FileLock(full, stream, owner);
    }

    /// <summary>Who holds a lock, as its holder wrote it (null when unknown).</summary>
    public static LockOwner? ReadOwner(string lockPath)
    {
        try
        {
            var owner = OwnerFileOf(System.IO.Path.GetFullPath(lockPath));
            if (!File.Exists(owner)) return null;
            int? pid = null;
            string? host = null, since = null;
            foreach (var line in File.ReadAllLines(owner))
            {
                var (key, value) = line.IndexOf(' ') is var sp and > 0 ? (line[..sp], line[(sp + 1)..]) : (line, "");
                if (key == "pid" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int p)) pid = p;
                else if (key == "host") host = value;
                else if (key == "since") since = value;
            }
            return pid is { } id ? new LockOwner(id, host ?? "", since ?? "") : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"process 1234 on host h (since …)", or "another process" when the holder did not say.</summary>
    public static string Describe(LockOwner? owner) => owner is null
        ? "another process"
        : $"process {owner.Pid}{(owner.Host.Length > 0 ? $" on host {owner.Host}" : "")}{(owner.Since.Length > 0 ? $" (since {owner.Since})" : "")}";

    public void Dispose()
    {
        // The owner file goes first, while the lock is still held, so no later holder's file is removed.
        if (_ownerFile is not null) AtomicFile.TryDelete(_ownerFile);
        _stream.Dispose();
    }
}

/// <summary>The holder of a lock as it described itself.</summary>
public sealed record LockOwner(int Pid, string Host, string Since);
