// Reads one split's shard files through memory maps. Opening checks magics, versions, header counts
// against file sizes, every utterance record (in bounds, contiguous) and every token id (< vocab), so
// a truncated, corrupt or foreign file is reported with its name instead of being read as garbage.
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BabyLm.Corpus.Shards;

public sealed unsafe class TokenShard : IDisposable
{
    private readonly MemoryMappedFile _tokenMap;
    private readonly MemoryMappedViewAccessor _tokenView;
    private readonly byte* _tokenBase;
    private readonly UtteranceRecord[] _records;

    private TokenShard(string dir, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePtr, int width,
        int vocab, long tokenCount, UtteranceRecord[] records, long words)
    {
        Directory = dir;
        _tokenMap = map;
        _tokenView = view;
        _tokenBase = basePtr;
        TokenWidth = width;
        VocabSize = vocab;
        TokenCount = tokenCount;
        _records = records;
        Words = words;
    }

    public string Directory { get; }
    public int TokenWidth { get; }
    public int VocabSize { get; }
    public long TokenCount { get; }
    public long Words { get; }
    public int Count => _records.Length;
    public ReadOnlySpan<UtteranceRecord> Records => _records;
    public ref readonly UtteranceRecord this[int utterance] => ref _records[utterance];

    /// <summary>Copies the tokens of one utterance into <paramref name="destination"/> (at least its length).</summary>
    public void CopyTokens(int utterance, Span<int> destination)
    {
        ref readonly var r = ref _records[utterance];
        if (TokenWidth == 2)
        {
            var src = new ReadOnlySpan<ushort>(_tokenBase + ShardFormat.HeaderBytes + r.Offset * 2, r.Length);
            for (int i = 0; i < src.Length; i++) destination[i] = src[i];
        }
        else
        {
            new ReadOnlySpan<int>(_tokenBase + ShardFormat.HeaderBytes + r.Offset * 4, r.Length).CopyTo(destination);
        }
    }

    public int[] Tokens(int utterance)
    {
        var t = new int[_records[utterance].Length];
        CopyTokens(utterance, t);
        return t;
    }

    public static TokenShard Open(string dir)
    {
        var tokensPath = Path.Combine(dir, ShardFiles.Tokens);
        var uttsPath = Path.Combine(dir, ShardFiles.Utterances);
        foreach (var p in new[] { tokensPath, uttsPath })
            if (!File.Exists(p)) throw new BabyLmException($"token shard file '{p}' does not exist", "run `babylm corpus prepare` to create it");

        // utterances.bin: read fully (32 bytes per utterance).
        var utt = File.ReadAllBytes(uttsPath);
        if (utt.Length < ShardFormat.HeaderBytes || !utt.AsSpan(0, 8).SequenceEqual(ShardFormat.UtterancesMagic))
            throw Corrupt(uttsPath, "not an utterances.bin file (bad magic or too short)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(utt.AsSpan(8));
        if (version != ShardFormat.Version) throw Corrupt(uttsPath, $"format version {version}, this tool reads version {ShardFormat.Version}");
        int recordBytes = BinaryPrimitives.ReadInt32LittleEndian(utt.AsSpan(12));
        long n = BinaryPrimitives.ReadInt64LittleEndian(utt.AsSpan(16));
        long uttTokens = BinaryPrimitives.ReadInt64LittleEndian(utt.AsSpan(24));
        long words = BinaryPrimitives.ReadInt64LittleEndian(utt.AsSpan(32));
        if (recordBytes != ShardFormat.RecordBytes || n < 0 || n > int.MaxValue
            || utt.LongLength != ShardFormat.HeaderBytes + n * ShardFormat.RecordBytes)
            throw Corrupt(uttsPath, $"size {utt.LongLength} bytes does not match its header ({n} records of {recordBytes} bytes): truncated or corrupt");

        // tokens.bin: header, then size check, then map.
        long fileLength = new FileInfo(tokensPath).Length;
        var header = new byte[ShardFormat.HeaderBytes];
        using (var fs = File.OpenRead(tokensPath))
        {
            if (fs.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan(0, 8).SequenceEqual(ShardFormat.TokensMagic))
                throw Corrupt(tokensPath, "not a tokens.bin file (bad magic or too short)");
        }
        int tversion = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (tversion != ShardFormat.Version) throw Corrupt(tokensPath, $"format version {tversion}, this tool reads version {ShardFormat.Version}");
        int width = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        int vocab = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        long tokenCount = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        if ((width != 2 && width != 4) || vocab <= 0 || width != ShardFormat.TokenWidth(vocab) || tokenCount < 0)
            throw Corrupt(tokensPath, $"invalid header (token width {width}, vocab {vocab}, tokens {tokenCount})");
        if (fileLength != ShardFormat.HeaderBytes + tokenCount * width)
            throw Corrupt(tokensPath, $"size {fileLength} bytes does not match its header ({tokenCount} tokens of {width} bytes): truncated or corrupt");
        if (tokenCount != uttTokens)
            throw Corrupt(uttsPath, $"counts {uttTokens} tokens but {tokensPath} holds {tokenCount}");

        var records = new UtteranceRecord[n];
        long expectedOffset = 0, wordSum = 0;
        for (int i = 0; i < n; i++)
        {
            var r = ShardFormat.ReadRecord(utt.AsSpan(ShardFormat.HeaderBytes + i * ShardFormat.RecordBytes));
            if (r.Offset != expectedOffset || r.Length < 0 || r.Words < 0 || r.Source < 0 || r.Offset + r.Length > tokenCount)
                throw Corrupt(uttsPath, $"record {i} (offset {r.Offset}, length {r.Length}) is out of bounds or out of order");
            expectedOffset += r.Length;
            wordSum += r.Words;
            records[i] = r;
        }
        if (expectedOffset != tokenCount) throw Corrupt(uttsPath, $"records cover {expectedOffset} tokens, the shard has {tokenCount}");
        if (wordSum != words) throw Corrupt(uttsPath, $"records sum to {wordSum} words, the header says {words}");

        var map = MemoryMappedFile.CreateFromFile(tokensPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
        byte* ptr = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref ptr);
        ptr += view.PointerOffset;
        var shard = new TokenShard(dir, map, view, ptr, width, vocab, tokenCount, records, words);
        // Every token id must be inside the vocabulary.
        long max = shard.MaxToken();
        if (max >= vocab)
        {
            shard.Dispose();
            throw Corrupt(tokensPath, $"holds token id {max}, outside its vocabulary of {vocab}");
        }
        return shard;
    }

    private long MaxToken()
    {
        if (TokenCount == 0) return -1;
        long max = 0;
        const int chunk = 1 << 28;
        for (long start = 0; start < TokenCount; start += chunk)
        {
            int len = (int)Math.Min(chunk, TokenCount - start);
            if (TokenWidth == 2)
                max = Math.Max(max, TensorPrimitives.Max(new ReadOnlySpan<ushort>(_tokenBase + ShardFormat.HeaderBytes + start * 2, len)));
            else
                max = Math.Max(max, (uint)TensorPrimitives.Max(MemoryMarshal.Cast<int, uint>(new ReadOnlySpan<int>(_tokenBase + ShardFormat.HeaderBytes + start * 4, len))));
        }
        return max;
    }

    private static BabyLmException Corrupt(string path, string what)
        => new($"{path}: {what}", "delete the shard folder and run `babylm corpus prepare` again");

    public void Dispose()
    {
        _tokenView.SafeMemoryMappedViewHandle.ReleasePointer();
        _tokenView.Dispose();
        _tokenMap.Dispose();
    }
}
