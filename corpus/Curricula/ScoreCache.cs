// Difficulty scores computed once are kept beside the train shard, one file per scorer:
//   <shard-dir>/train/scores-<scorer>.bin     little-endian
//     0   8  magic "BLMSCOR\0"
//     8   4  format version (1)
//    12   4  reserved (0)
//    16   8  utterance count n
//    24  32  key: SHA-256 over the scorer's name and definition version, the tokenizer's content hash,
//            and the bytes of tokens.bin and utterances.bin — so a re-prepared or changed shard, or a
//            changed scorer, never reads stale scores
//    56   8  reserved (0)
//    64  8·n the scores (float64) in utterance order
// A file whose magic, version, count, size or key does not match is recomputed and replaced (a stale
// cache is not an error). Writes are atomic; a folder that cannot be written only costs the caching.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BabyLm.Core;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Curricula;

public static class ScoreCache
{
    public const int Version = 1;
    public const int HeaderBytes = 64;
    public static ReadOnlySpan<byte> Magic => "BLMSCOR\0"u8;

    public static string PathFor(string shardDir, string scorer) => Path.Combine(shardDir, $"scores-{scorer}.bin");

    /// <summary>The cache key of <paramref name="scorer"/> (definition <paramref name="definitionVersion"/>) on <paramref name="shard"/>.</summary>
    public static byte[] Key(TokenShard shard, string scorer, int definitionVersion, string tokenizerHash)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(Encoding.UTF8.GetBytes($"scorer={scorer}\nversion={definitionVersion}\ntokenizer={tokenizerHash}\n"));
        var buffer = new byte[1 << 20];
        foreach (var file in new[] { ShardFiles.Tokens, ShardFiles.Utterances })
        {
            using var fs = new FileStream(Path.Combine(shard.Directory, file), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            int read;
            while ((read = fs.Read(buffer)) > 0) h.AppendData(buffer, 0, read);
            h.AppendData(Encoding.UTF8.GetBytes($"\n{file}\n"));
        }
        return h.GetHashAndReset();
    }

    /// <summary>The cached scores, or null when the file is missing, foreign, stale or damaged.</summary>
    public static double[]? TryRead(string path, ReadOnlySpan<byte> key, int count)
    {
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException) { return null; }
        if (bytes.Length != HeaderBytes + 8L * count || !bytes.AsSpan(0, 8).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != Version
            || BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)) != count
            || !bytes.AsSpan(24, 32).SequenceEqual(key))
            return null;
        var scores = new double[count];
        for (int i = 0; i < count; i++) scores[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(HeaderBytes + 8 * i));
        return scores;
    }

    public static void Write(string path, ReadOnlySpan<byte> key, double[] scores)
    {
        var bytes = new byte[HeaderBytes + 8L * scores.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), scores.Length);
        key.CopyTo(bytes.AsSpan(24, 32));
        for (int i = 0; i < scores.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(HeaderBytes + 8 * i), scores[i]);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>The cached scores if current, else <paramref name="compute"/>'s, cached for next time.</summary>
    public static double[] GetOrCompute(TokenShard shard, string scorer, int definitionVersion, string tokenizerHash,
        Func<double[]> compute, Action<string>? log = null)
    {
        var path = PathFor(shard.Directory, scorer);
        var key = Key(shard, scorer, definitionVersion, tokenizerHash);
        if (TryRead(path, key, shard.Count) is { } cached) return cached;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var scores = compute();
        try
        {
            Write(path, key, scores);
            log?.Invoke($"scored {shard.Count:N0} utterances by {scorer} in {watch.Elapsed.TotalSeconds:0.0} s (cached in {path})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"scored {shard.Count:N0} utterances by {scorer}; could not cache them in {path}: {ex.Message}");
        }
        return scores;
    }
}
