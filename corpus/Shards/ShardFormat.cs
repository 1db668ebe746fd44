// The token shard files (little-endian), one pair per split:
//   tokens.bin      64-byte header, then every utterance's tokens back to back (uint16, or uint32 when
//                   the vocabulary exceeds 65535)
//   utterances.bin  64-byte header, then one 32-byte record per utterance in corpus order
// Headers carry a magic, the format version, and the counts; readers check all of them and the file
// sizes before touching data, so a truncated or foreign file is an error, never garbage.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BabyLm.Corpus.Shards;

/// <summary>One utterance of a shard: where its tokens are, how many words it had, where it came from.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct UtteranceRecord(
    long Offset,     // index of its first token in tokens.bin
    int Length,      // number of tokens
    int Words,       // whitespace words of the text (the BabyLM count)
    int Source,      // index into the shard's source names
    int Aux,         // per-utterance annotation (0 when none), e.g. the age stage of a synthetic utterance
    long Position);  // 1-based line number in its source file

public static class ShardFormat
{
    public const int Version = 1;
    public const int HeaderBytes = 64;
    public const int RecordBytes = 32;
    public static ReadOnlySpan<byte> TokensMagic => "BLMTOKS\0"u8;
    public static ReadOnlySpan<byte> UtterancesMagic => "BLMUTTS\0"u8;

    public static int TokenWidth(int vocabSize) => vocabSize <= 65536 ? 2 : 4;

    internal static byte[] TokensHeader(int width, int vocabSize, long tokenCount)
    {
        var h = new byte[HeaderBytes];
        TokensMagic.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(12), width);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), vocabSize);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(24), tokenCount);
        return h;
    }

    internal static byte[] UtterancesHeader(long utterances, long tokenCount, long words)
    {
        var h = new byte[HeaderBytes];
        UtterancesMagic.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(12), RecordBytes);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(16), utterances);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(24), tokenCount);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(32), words);
        return h;
    }

    internal static void WriteRecord(Span<byte> dst, in UtteranceRecord r)
    {
        BinaryPrimitives.WriteInt64LittleEndian(dst, r.Offset);
        BinaryPrimitives.WriteInt32LittleEndian(dst[8..], r.Length);
        BinaryPrimitives.WriteInt32LittleEndian(dst[12..], r.Words);
        BinaryPrimitives.WriteInt32LittleEndian(dst[16..], r.Source);
        BinaryPrimitives.WriteInt32LittleEndian(dst[20..], r.Aux);
        BinaryPrimitives.WriteInt64LittleEndian(dst[24..], r.Position);
    }

    internal static UtteranceRecord ReadRecord(ReadOnlySpan<byte> src) => new(
        BinaryPrimitives.ReadInt64LittleEndian(src),
        BinaryPrimitives.ReadInt32LittleEndian(src[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(src[12..]),
        BinaryPrimitives.ReadInt32LittleEndian(src[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(src[20..]),
        BinaryPrimitives.ReadInt64LittleEndian(src[24..]));
}
