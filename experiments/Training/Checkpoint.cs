// Checkpoint file: everything needed to continue a run bit for bit — model parameters, AdamW moments,
// step and counters, the batcher's state (pending tokens, masking RNG, curriculum), and the canonical
// config it was made with. Own binary format, little-endian:
//   "BLMCKPT\0" | int32 version | sections (int32 tag, int64 length, bytes)… | 32-byte SHA-256 of all before
// The trailing hash catches truncation and corruption; the config hash and layout signature catch a
// checkpoint from another run or another model.
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

    private enum Tag { Config = 1, Layout, Counters, Parameters, M, V, Batcher, Accumulators }

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
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Reads and verifies a checkpoint. Any damage is a <see cref="BabyLmException"/> naming the file.</summary>
    public static CheckpointState Load(string path)
    {
        if (!File.Exists(path)) throw new BabyLmException($"checkpoint '{path}' does not exist");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 + 4 + 32 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new BabyLmException($"{path}: not a babylm checkpoint (bad magic or too short)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version)
            throw new BabyLmException($"{path}: checkpoint format version {version}; this tool reads version {Version}",
                "resume it with the version of babylm that wrote it, or start the run again");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new BabyLmException($"{path}: checkpoint is truncated or corrupt (checksum mismatch)", "delete it; training resumes from the previous one");

        var sections = new Dictionary<Tag, byte[]>();
        int o = 12;
        while (o < body.Length)
        {
            var tag = (Tag)BinaryPrimitives.ReadInt32LittleEndian(body[o..]);
            long len = BinaryPrimitives.ReadInt64LittleEndian(body[(o + 4)..]);
            o += 12;
            if (len < 0 || o + len > body.Length) throw new BabyLmException($"{path}: checkpoint section out of bounds");
            sections[tag] = body.Slice(o, (int)len).ToArray();
            o += (int)len;
        }
        byte[] Need(Tag t) => sections.TryGetValue(t, out var b) ? b : throw new BabyLmException($"{path}: checkpoint lacks its {t} section");
        var config = Encoding.UTF8.GetString(Need(Tag.Config));
        int nl = config.IndexOf('\n', StringComparison.Ordinal);
        var counters = Need(Tag.Counters);
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
            Parameters = MemoryMarshal.Cast<byte, float>(Need(Tag.Parameters)).ToArray(),
            M = MemoryMarshal.Cast<byte, float>(Need(Tag.M)).ToArray(),
            V = MemoryMarshal.Cast<byte, float>(Need(Tag.V)).ToArray(),
            BatcherState = Need(Tag.Batcher),
            Accumulators = LogAccumulators.FromArray(MemoryMarshal.Cast<byte, double>(Need(Tag.Accumulators)), path),
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
