// Byte-level BPE: encode UTF-8 bytes to ids and back, load and save the Hugging Face `tokenizers` JSON
// layout (so Python tools load our tokenizer.json). Ids 0–4 are the special tokens <pad> <s> </s> <unk>
// <mask>, the next 256 are the single bytes in byte order, then one id per merge in merge order.
// Decoding what was encoded returns the input byte for byte, for any bytes: nothing is normalised.
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Core;

namespace BabyLm.Corpus.Tokenization;

public sealed class BpeTokenizer
{
    public const int PadId = 0, BosId = 1, EosId = 2, UnkId = 3, MaskId = 4;
    public static readonly IReadOnlyList<string> SpecialTokens = ["<pad>", "<s>", "</s>", "<unk>", "<mask>"];
    public const int ByteOffset = 5;
    /// <summary>The smallest vocabulary: the specials plus every byte.</summary>
    public const int MinVocab = ByteOffset + 256;
    /// <summary>The largest vocabulary trained here (2^20): far beyond any BabyLM setting, and what data.vocab allows.</summary>
    public const int MaxVocab = 1 << 20;

    private readonly byte[][] _bytes;              // id → bytes
    private readonly Dictionary<long, int> _ranks;  // (left, right) → merged id; rank = merged id order
    // Pre-token → ids, one cache per thread (no locks on the encode path).
    private readonly ThreadLocal<Dictionary<string, int[]>> _caches = new(() => new Dictionary<string, int[]>(StringComparer.Ordinal));
    private const int MaxCacheEntries = 1 << 20;

    private BpeTokenizer(byte[][] bytes, IReadOnlyList<(int Left, int Right)> merges)
    {
        _bytes = bytes;
        Merges = merges;
        _ranks = new Dictionary<long, int>(merges.Count);
        for (int m = 0; m < merges.Count; m++) _ranks[Key(merges[m].Left, merges[m].Right)] = MinVocab + m;
    }

    public int VocabSize => _bytes.Length;
    public IReadOnlyList<(int Left, int Right)> Merges { get; }

    /// <summary>The bytes a token stands for (special tokens: their text).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => _bytes[id];

    public bool IsSpecial(int id) => id < ByteOffset;

    /// <summary>A tokenizer from merges: token <c>MinVocab + m</c> is the concatenation of merge m's pair.</summary>
    public static BpeTokenizer FromMerges(IReadOnlyList<(int Left, int Right)> merges)
    {
        var bytes = new byte[MinVocab + merges.Count][];
        for (int i = 0; i < ByteOffset; i++) bytes[i] = Encoding.UTF8.GetBytes(SpecialTokens[i]);
        for (int b = 0; b < 256; b++) bytes[ByteOffset + b] = [(byte)b];
        for (int m = 0; m < merges.Count; m++)
        {
            var (l, r) = merges[m];
            if (l < ByteOffset || r < ByteOffset || l >= MinVocab + m || r >= MinVocab + m)
                throw new ArgumentException($"merge {m} refers to a token not yet defined ({l}, {r})");
            bytes[MinVocab + m] = [.. bytes[l], .. bytes[r]];
        }
        return new BpeTokenizer(bytes, merges);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Token ids of UTF-8 text (no special tokens added).</summary>
    public int[] Encode(ReadOnlySpan<byte> text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids);
        return [.. ids];
    }

    public int[] Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<byte> text, List<int> output)
    {
        // Copy to an array so the piece callback can slice it (spans cannot be captured).
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, text.Length));
        char[] chars = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            text.CopyTo(rented);
            var cache = _caches.Value!;
            var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
            PreTokenizer.Split(text, (start, length) =>
            {
                var piece = rented.AsSpan(start, length);
                // Key: one char per byte (Latin-1 widening), so byte strings hash as strings.
                var key = chars.AsSpan(start, length);
                for (int i = 0; i < length; i++) key[i] = (char)piece[i];
                if (!lookup.TryGetValue(key, out var ids))
                {
                    ids = EncodePiece(piece);
                    if (cache.Count < MaxCacheEntries) lookup[key] = ids;
                }
                output.AddRange(ids);
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Applies the merges to one pre-token: repeatedly merge the adjacent pair of lowest rank (leftmost first).</summary>
    internal int[] EncodePiece(ReadOnlySpan<byte> piece)
    {
        var symbols = new List<int>(piece.Length);
        foreach (var b in piece) symbols.Add(ByteOffset + b);
        var span = CollectionsMarshal.AsSpan(symbols);
        int count = symbols.Count;
        while (count > 1)
        {
            int bestRank = int.MaxValue, bestPos = -1;
            for (int i = 0; i + 1 < count; i++)
            {
                if (_ranks.TryGetValue(Key(span[i], span[i + 1]), out int rank) && rank < bestRank)
                {
                    bestRank = rank;
                    bestPos = i;
                }
            }
            if (bestPos < 0) break;
            int left = span[bestPos], right = span[bestPos + 1];
            // Merge every non-overlapping occurrence of this pair, left to right.
            int w = 0;
            for (int r = 0; r < count; r++)
            {
                if (r + 1 < count && span[r] == left && span[r + 1] == right) { span[w++] = bestRank; r++; }
                else span[w++] = span[r];
            }
            count = w;
        }
        return span[..count].ToArray();
    }

    /// <summary>The bytes of a sequence of ids (special tokens decode to their text).</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> ids)
    {
        var output = new List<byte>(ids.Length * 4);
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_bytes.Length)
                throw new BabyLmException($"token id {id} is outside the vocabulary (0..{_bytes.Length - 1})");
            output.AddRange(_bytes[id]);
        }
        return [.. output];
    }

    /// <summary>Decodes to a string (invalid UTF-8 becomes U+FFFD; use <see cref="DecodeBytes"/> for exact bytes).</summary>
    public string Decode(ReadOnlySpan<int> ids) => Encoding.UTF8.GetString(DecodeBytes(ids));

    /// <summary>The byte-level string of a token, as it appears in tokenizer.json.</summary>
    public string TokenString(int id) => IsSpecial(id) ? SpecialTokens[id] : ByteLevel.Encode(_bytes[id]);

    /// <summary>SHA-256 of the vocabulary and merges: names the tokenizer in caches and provenance.</summary>
    public string ContentHash()
    {
        var h = new Hashing.Builder();
        h.Add("kind", "byte-level-bpe-v1");
        var buf = new byte[8];
        foreach (var (l, r) in Merges)
        {
            BitConverter.TryWriteBytes(buf.AsSpan(0, 4), l);
            BitConverter.TryWriteBytes(buf.AsSpan(4, 4), r);
            h.Add("m", buf);
        }
        return h.Hex();
    }

    // ---- Hugging Face tokenizer.json ----

    /// <summary>Serialises in the Hugging Face `tokenizers` layout (BPE model, ByteLevel pre-tokenizer and decoder).</summary>
    public string ToJson()
    {
        var added = new JsonArray();
        for (int i = 0; i < ByteOffset; i++)
        {
            added.Add(new JsonObject
            {
                ["id"] = i, ["content"] = SpecialTokens[i], ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }
        var vocab = new JsonObject();
        for (int id = 0; id < VocabSize; id++) vocab[TokenString(id)] = id;
        var merges = new JsonArray();
        foreach (var (l, r) in Merges) merges.Add($"{TokenString(l)} {TokenString(r)}");
        JsonObject ByteLevelNode() => new()
        {
            ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true,
        };
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = ByteLevelNode(),
            ["post_processor"] = ByteLevelNode(),
            ["decoder"] = ByteLevelNode(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Loads a byte-level BPE tokenizer.json (ours, or one written by Hugging Face with the same special tokens).</summary>
    public static BpeTokenizer Load(string path)
    {
        InputPath.RequireFile(path, "tokenizer", Directory.Exists(path) ? null : "train one with `babylm tokenizer train <corpus> --out tokenizer.json`");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException ex) { throw new BabyLmException($"{path}: not valid JSON: {ex.Message}", null, ex); }
        try
        {
            return FromJson(root ?? throw new FormatException("empty document"));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new BabyLmException($"{path}: not a byte-level BPE tokenizer.json: {ex.Message}", null, ex);
        }
    }

    private static BpeTokenizer FromJson(JsonNode root)
    {
        var model = root["model"] ?? throw new FormatException("no 'model'");
        if ((string?)model["type"] != "BPE") throw new FormatException($"model.type is '{model["type"]}', expected 'BPE'");
        if ((string?)root["pre_tokenizer"]?["type"] != "ByteLevel")
            throw new FormatException("pre_tokenizer.type must be 'ByteLevel' (only byte-level BPE is supported)");
        var vocab = model["vocab"]?.AsObject() ?? throw new FormatException("no model.vocab");
        var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, idNode) in vocab) idOf[token] = (int)idNode!;
        for (int i = 0; i < ByteOffset; i++)
        {
            if (!idOf.TryGetValue(SpecialTokens[i], out var id) || id != i)
                throw new FormatException($"special token {SpecialTokens[i]} must have id {i}");
        }
        for (int b = 0; b < 256; b++)
        {
            var s = ByteLevel.CharOf((byte)b).ToString();
            if (!idOf.TryGetValue(s, out var id) || id != ByteOffset + b)
                throw new FormatException($"byte 0x{b:X2} ('{s}') must have id {ByteOffset + b}");
        }
        var merges = new List<(int, int)>();
        var mergesNode = model["merges"]?.AsArray() ?? throw new FormatException("no model.merges");
        foreach (var m in mergesNode)
        {
            string left, right;
            if (m is JsonArray pair) { left = (string)pair[0]!; right = (string)pair[1]!; }
            else
            {
                var s = (string)m!;
                int sp = s.IndexOf(' ', StringComparison.Ordinal);
                if (sp <= 0) throw new FormatException($"merge '{s}' is not 'left right'");
                left = s[..sp]; right = s[(sp + 1)..];
            }
            if (!idOf.TryGetValue(left, out var l) || !idOf.TryGetValue(right, out var r))
                throw new FormatException($"merge '{left} {right}' uses a token not in the vocabulary");
            int expected = MinVocab + merges.Count;
            if (!idOf.TryGetValue(left + right, out var merged) || merged != expected)
                throw new FormatException($"merge '{left} {right}' must produce token id {expected}");
            merges.Add((l, r));
        }
        if (idOf.Count != MinVocab + merges.Count)
            throw new FormatException($"vocabulary has {idOf.Count} tokens but specials + bytes + merges make {MinVocab + merges.Count}");
        return FromMerges(merges);
    }
}
