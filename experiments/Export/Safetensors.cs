// The safetensors format: an 8-byte little-endian header length, a JSON header (name → dtype, shape,
// data_offsets; plus __metadata__), padded with spaces to 8 bytes, then the raw little-endian data.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Core;

namespace BabyLm.Experiments.Export;

public sealed record NamedTensor(string Name, int[] Shape, float[] Data);

public static class Safetensors
{
    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        var meta = new JsonObject { ["format"] = "pt" };
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var t in tensors)
        {
            long size = (long)t.Data.Length * 4;
            if (t.Shape.Aggregate(1L, (a, b) => a * b) != t.Data.Length)
                throw new ArgumentException($"tensor {t.Name}: shape [{string.Join(',', t.Shape)}] does not match {t.Data.Length} values");
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            stream.Write(len);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var t in tensors) stream.Write(MemoryMarshal.AsBytes(t.Data.AsSpan()));
        });
    }

    /// <summary>Reads an F32 safetensors file (for tests and round trips).</summary>
    public static Dictionary<string, NamedTensor> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)n))!.AsObject();
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            if ((string?)node!["dtype"] != "F32") throw new BabyLmException($"{path}: tensor {name} is not F32");
            var shape = node["shape"]!.AsArray().Select(x => (int)x!).ToArray();
            var offs = node["data_offsets"]!.AsArray().Select(x => (long)x!).ToArray();
            var data = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)(8 + (long)n + offs[0]), (int)(offs[1] - offs[0]))).ToArray();
            result[name] = new NamedTensor(name, shape, data);
        }
        return result;
    }

    internal static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
