// A cross-process lock on a file (an exclusive open), so that two runs of a sweep that need the same
// cached tokenizer or shards do not build them at the same time: the second waits, then finds the cache.
namespace BabyLm.Core;

public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (polling) until the lock file can be opened exclusively.</summary>
    public static FileLock Acquire(string path, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromHours(2));
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
