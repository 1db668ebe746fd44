// Checkpoint file: everything needed to continue a run bit for bit — model parameters, AdamW moments,
// step and counters, the batcher's state (pending tokens, masking RNG, curriculum), and the canonical
// config it was made with. Own binary format, little-endian:
//   "BLMCKPT\0" | int32 version | sections (int32 tag, int64 length, bytes)… | 32-byte SHA-256 of all before
// The trailing hash catches truncation and corruption; the config hash and layout signature catch a
// checkpoint from another run or another model, the tokenizer hash a run folder whose tokenizer.json was
// swapped. Sections a reader does not know are skipped, so adding one keeps the version: the tokenizer
// section is optional (checkpoints written before it load as before, without that check).
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BabyLm.Core;

namespace BabyLm.Experiments.Training;

public sealed class CheckpointState
{
    public required string ConfigHash { get; init; }
    public required string CanonicalConfig { get; init; }
    public required string LayoutSignature { get; init; }
    public required long Step { get; init; }
    public required long TokensSeen { get; init; }
    public required long WordsSeen { get; init; }
    public required int Epoch { get; init; }
    public required float[] Parameters { get; init; }
    public required float[] M { get; init; }
    public required float[] V { get; init; }
    public required byte[] BatcherState { get; init; }
    /// <summary>What the next metrics line needs from the steps before the checkpoint.</summary>
    public required LogAccumulators Accumulators { get; init; }
    public double ElapsedS { get; init; }
    /// <summary>Content hash of the tokenizer the model was trained with; null in checkpoints written before it was recorded.</summary>
    public string? TokenizerHash { get; init; }
}

/// <summary>The training-loss sum and step count since the last metrics line, and the last gradient norm.</summary>
public readonly record struct LogAccumulators(double LossSum, int LossCount, double GradNorm)
{
    /// <summary>On disk: three doubles in this order (the Accumulators section).</summary>
    public double[] ToArray() => [LossSum, LossCount, GradNorm];

    public static LogAccumulators FromArray(ReadOnlySpan<double> a, string path) => a.Length == 3
        ? new(a[0], (int)a[1], a[2])
        : throw new BabyLmException($"{path}: checkpoint's Accumulators section holds {a.Length} values, expected 3");
}

public static class Checkpoint
{
    public const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "BLMCKPT\0"u8;

    private enum Tag { Config = 1, Layout, Counters, Parameters, M, V, Batcher, Accumulators, Tokenizer }

    public static void Save(string path, CheckpointState s)
    {
        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes) { stream.Write(bytes); hash.AppendData(bytes); }
            void Section(Tag tag, ReadOnlySpan<byte> bytes)
            {
                Span<byte> head = stackalloc byte[12];
                BinaryPrimitives.WriteInt32LittleEndian(head, (int)tag);
                BinaryPrimitives.WriteInt64LittleEndian(head[4..], bytes.Length);
                Put(head);
                Put(bytes);
            }
            Put(Magic);
            Span<byte> v = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(v, Version);
            Put(v);
            Section(Tag.Config, Encoding.UTF8.GetBytes(s.ConfigHash + "\n" + s.CanonicalConfig));
            Section(Tag.Layout, Encoding.UTF8.GetBytes(s.LayoutSignature));
            var counters = new byte[8 * 5];
            BinaryPrimitives.WriteInt64LittleEndian(counters, s.Step);
            BinaryPrimitives.WriteInt64LittleEndian(counters.AsSpan(8), s.TokensSeen);
            BinaryPrimitives.WriteInt64LittleEndian(counters.AsSpan(16), s.WordsSeen);
            BinaryPrimitives.WriteInt64LittleEndian(counters.AsSpan(24), s.Epoch);
            BinaryPrimitives.WriteDoubleLittleEndian(counters.AsSpan(32), s.ElapsedS);
            Section(Tag.Counters, counters);
            Section(Tag.Parameters, MemoryMarshal.AsBytes(s.Parameters.AsSpan()));
            Section(Tag.M, MemoryMarshal.AsBytes(s.M.AsSpan()));
            Section(Tag.V, MemoryMarshal.AsBytes(s.V.AsSpan()));
            Section(Tag.Batcher, s.BatcherState);
            Section(Tag.Accumulators, MemoryMarshal.AsBytes(s.Accumulators.ToArray().AsSpan()));
            if (s.TokenizerHash is not null) Section(Tag.Tokenizer, Encoding.UTF8.GetBytes(s.TokenizerHash));
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Reads and verifies a checkpoint. Any damage is a <see cref="BabyLmException"/> naming the file.</summary>
    /// <remarks>
    /// Streamed: each section is read straight into its array while the checksum is computed, so loading needs
    /// the memory of the arrays only (not also a copy of the whole file and of each section).
    /// </remarks>
    public static CheckpointState Load(string path)
    {
        InputPath.RequireFile(path, "checkpoint");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long length = fs.Length;
        Span<byte> head = stackalloc byte[12];
        if (length < 8 + 4 + 32 || fs.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || !head[..8].SequenceEqual(Magic))
            throw new BabyLmException($"{path}: not a babylm checkpoint (bad magic or too short)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (version != Version)
            throw new BabyLmException($"{path}: checkpoint format version {version}; this tool reads version {Version}",
                "resume it with the version of babylm that wrote it, or start the run again");
        var corrupt = new BabyLmException($"{path}: checkpoint is truncated or corrupt (checksum mismatch)", "delete it; training resumes from the previous one");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(head);
        var sections = new Dictionary<Tag, byte[]>();
        float[]? parameters = null, m = null, v = null;
        long bodyEnd = length - 32;
        void Read(Span<byte> into)
        {
            const int Chunk = 1 << 24;
            for (int o = 0; o < into.Length; o += Chunk)
            {
                var part = into.Slice(o, Math.Min(Chunk, into.Length - o));
                if (fs.ReadAtLeast(part, part.Length, throwOnEndOfStream: false) < part.Length) throw corrupt;
                hash.AppendData(part);
            }
        }
        while (fs.Position < bodyEnd)
        {
            if (bodyEnd - fs.Position < 12) throw corrupt;
            Read(head);
            var tag = (Tag)BinaryPrimitives.ReadInt32LittleEndian(head);
            long len = BinaryPrimitives.ReadInt64LittleEndian(head[4..]);
            if (len < 0 || len > bodyEnd - fs.Position) throw new BabyLmException($"{path}: checkpoint section out of bounds");
            if (tag is Tag.Parameters or Tag.M or Tag.V)
            {
                if (len % 4 != 0 || len / 4 > Array.MaxLength) throw corrupt;
                var floats = new float[len / 4];
                Read(MemoryMarshal.AsBytes(floats.AsSpan()));
                if (tag == Tag.Parameters) parameters = floats;
                else if (tag == Tag.M) m = floats;
                else v = floats;
            }
            else
            {
                if (len > Array.MaxLength) throw corrupt;
                var bytes = new byte[len];
                Read(bytes);
                sections[tag] = bytes;
            }
        }
        Span<byte> stored = stackalloc byte[32];
        if (fs.ReadAtLeast(stored, 32, throwOnEndOfStream: false) < 32 || !hash.GetHashAndReset().AsSpan().SequenceEqual(stored)) throw corrupt;

        byte[] Need(Tag t) => sections.TryGetValue(t, out var b) ? b : throw new BabyLmException($"{path}: checkpoint lacks its {t} section");
        float[] NeedFloats(float[]? f, Tag t) => f ?? throw new BabyLmException($"{path}: checkpoint lacks its {t} section");
        var config = Encoding.UTF8.GetString(Need(Tag.Config));
        int nl = config.IndexOf('\n', StringComparison.Ordinal);
        if (nl < 0) throw corrupt;
        var counters = Need(Tag.Counters);
        if (counters.Length < 40) throw corrupt;
        return new CheckpointState
        {
            ConfigHash = config[..nl],
            CanonicalConfig = config[(nl + 1)..],
            LayoutSignature = Encoding.UTF8.GetString(Need(Tag.Layout)),
            Step = BinaryPrimitives.ReadInt64LittleEndian(counters),
            TokensSeen = BinaryPrimitives.ReadInt64LittleEndian(counters.AsSpan(8)),
            WordsSeen = BinaryPrimitives.ReadInt64LittleEndian(counters.AsSpan(16)),
            Epoch = (int)BinaryPrimitives.ReadInt64LittleEndian(counters.AsSpan(24)),
            ElapsedS = BinaryPrimitives.ReadDoubleLittleEndian(counters.AsSpan(32)),
            Parameters = NeedFloats(parameters, Tag.Parameters),
            M = NeedFloats(m, Tag.M),
            V = NeedFloats(v, Tag.V),
            BatcherState = Need(Tag.Batcher),
            Accumulators = LogAccumulators.FromArray(MemoryMarshal.Cast<byte, double>(Need(Tag.Accumulators)), path),
            TokenizerHash = sections.TryGetValue(Tag.Tokenizer, out var tok) ? Encoding.UTF8.GetString(tok) : null,
        };
    }

    /// <summary>Checkpoint files of a run, oldest first (step-*.ckpt by step).</summary>
    public static List<string> List(string runDir)
    {
        var dir = Path.Combine(runDir, Runs.RunFiles.Checkpoints);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "step-*.ckpt").OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    public static string FileName(long step) => $"step-{step:D9}.ckpt";
}
