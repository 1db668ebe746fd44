// BPE: a hand-computed merge sequence, tie-breaking, encode/decode identity on arbitrary text and bytes,
// the hand-written pre-tokenizer against the GPT-2 regex, and tokenizer.json round trips.
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BabyLm.Corpus.Tests.Tokenization;

public class BpeTests
{
    private const int A = BpeTokenizer.ByteOffset + 'a', B = BpeTokenizer.ByteOffset + 'b', C = BpeTokenizer.ByteOffset + 'c';

    [Fact]
    public void Train_FollowsTheHandComputedMergeSequence()
    {
        // Pieces and counts: "abab" ×3, "ab" ×2, "bc" ×1.
        // Pairs: (a,b) = 3·2 + 2 = 8, (b,a) = 3, (b,c) = 1  → merge 1: a+b = 261.
        // Then: "abab" = [261,261] → (261,261) = 3; "bc" → (b,c) = 1 → merge 2: 261+261 = 262.
        // Then only (b,c) = 1 < min frequency 2: training stops at vocabulary 263.
        var pieces = new Dictionary<string, long> { ["abab"] = 3, ["ab"] = 2, ["bc"] = 1 };
        var tok = BpeTrainer.Train(pieces, new BpeTrainingOptions { VocabSize = 300, MinFrequency = 2 });
        Assert.Equal([(A, B), (261, 261)], tok.Merges);
        Assert.Equal(263, tok.VocabSize);
        Assert.Equal([262], tok.Encode("abab"));
        Assert.Equal([261, C], tok.Encode("abc"));
        Assert.Equal([B, C], tok.Encode("bc"));
    }

    [Fact]
    public void Train_BreaksTiesByTheSmallerPair_AndStopsAtTheVocabSize()
    {
        // (x,y) and (y,z) both occur twice: (x,y) has the smaller ids and goes first.
        var pieces = new Dictionary<string, long> { ["xy"] = 2, ["yz"] = 2 };
        int X = BpeTokenizer.ByteOffset + 'x', Y = X + 1, Z = X + 2;
        var two = BpeTrainer.Train(pieces, new BpeTrainingOptions { VocabSize = 263 });
        Assert.Equal([(X, Y), (Y, Z)], two.Merges);
        var one = BpeTrainer.Train(pieces, new BpeTrainingOptions { VocabSize = 262 });
        Assert.Equal([(X, Y)], one.Merges);
    }

    [Fact]
    public void Train_OnAFile_CountsPiecesWithTheirLeadingSpace()
    {
        using var dir = new TempDir();
        dir.Write("c.txt", "ab ab\nab\n");
        var layout = CorpusLayout.Open(dir["c.txt"]);
        // Pieces: "ab" ×2, " ab" ×1 → (a,b) = 3 first, then (' ', ab) = 1 is below min frequency.
        var tok = BpeTrainer.Train(layout, "train", CleaningProfile.None, new BpeTrainingOptions { VocabSize = 1000 });
        Assert.Equal([(A, B)], tok.Merges);
        Assert.Equal([261, BpeTokenizer.ByteOffset + ' ', 261], tok.Encode("ab ab"));
    }

    [Fact]
    public void Train_WithVocabBelowAlphabetPlusSpecials_IsAClearError()
    {
        var ex = Assert.Throws<BabyLmException>(() => BpeTrainer.Train(new Dictionary<string, long> { ["a"] = 1 }, new BpeTrainingOptions { VocabSize = 260 }));
        Assert.Contains("260", ex.Message);
        Assert.Contains("261", ex.Message);
    }

    private static readonly Lazy<BpeTokenizer> Trained = new(() =>
    {
        var pieces = BpeTrainer.CountPiecesFromStrings(FixtureText.Lines(20_000, 7).Split('\n'));
        return BpeTrainer.Train(pieces, new BpeTrainingOptions { VocabSize = 600 });
    });

    /// <summary>Strings from a pool that mixes ASCII, accents, emoji (surrogate pairs), combining marks,
    /// zero-width and bidi controls, NUL, CR/LF, unusual spaces and lone surrogates.</summary>
    public static class Texts
    {
        private static readonly string[] Pool =
        [
            "a", "b", "the", " ", "  ", "\t", "\n", "\r\n", "'s", "'ll", "'", "?", ".", "7", "42", "é", "e\u0301", "ß", "Ω",
            "日本", "🐶", "👩‍👩‍👧", "🏳️‍🌈", "\u200B", "\u200F", "\u202E", "\0", "\u00A0", "\u3000", "\uFEFF", "\uD800", "\uDFFF",
            "\U0001D400", "٣", "Ⅻ", "\u0085", "\u2028", "�",
        ];

        public static Arbitrary<string> Strings() =>
            Gen.Elements(Pool).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

        public static Arbitrary<byte[]> Bytes() =>
            Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Texts)], MaxTest = 300)]
    public bool EncodeThenDecode_IsTheIdentity_OnArbitraryStrings(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text); // lone surrogates become U+FFFD here, before we see them
        return Trained.Value.DecodeBytes(Trained.Value.Encode(bytes)).AsSpan().SequenceEqual(bytes);
    }

    [Property(Arbitrary = [typeof(Texts)], MaxTest = 300)]
    public bool EncodeThenDecode_IsTheIdentity_OnArbitraryBytes_EvenInvalidUtf8(byte[] bytes)
        => Trained.Value.DecodeBytes(Trained.Value.Encode(bytes)).AsSpan().SequenceEqual(bytes);

    [Property(Arbitrary = [typeof(Texts)], MaxTest = 500)]
    public bool PreTokenizer_AgreesWithTheGpt2Regex(string text)
    {
        // .NET's regex works on UTF-16 code units, so astral letters/numbers (e.g. U+1D400) and lone
        // surrogates classify differently there; compare on text where both see the same characters.
        if (text.EnumerateRunes().Any(r => !r.IsBmp && (Rune.IsLetter(r) || Rune.IsNumber(r))) || text.Any(char.IsSurrogate) && !IsWellFormed(text))
            return true;
        var expected = Regex.Matches(text, BabyLm.Corpus.Tokenization.PreTokenizer.Pattern).Select(m => m.Value).ToList();
        var actual = BabyLm.Corpus.Tokenization.PreTokenizer.SplitToStrings(text);
        return expected.SequenceEqual(actual);
    }

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i])) { if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false; i++; }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }

    [Theory]
    [InlineData("where's the ball ?", new[] { "where", "'s", " the", " ball", " ?" })]
    [InlineData("hello  world", new[] { "hello", " ", " world" })]
    [InlineData("a\tb", new[] { "a", "\t", "b" })]
    [InlineData("it's 42 cats!!", new[] { "it", "'s", " 42", " cats", "!!" })]
    [InlineData("end   ", new[] { "end", "   " })]
    public void PreTokenizer_SplitsLikeGpt2(string text, string[] expected)
        => Assert.Equal(expected, BabyLm.Corpus.Tokenization.PreTokenizer.SplitToStrings(text));

    [Fact]
    public void TokenizerJson_HasTheHuggingFaceLayout_AndLoadsBackIdentically()
    {
        using var dir = new TempDir();
        var tok = Trained.Value;
        var path = dir["tokenizer.json"];
        tok.Save(path);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("BPE", (string?)root["model"]!["type"]);
        Assert.Equal("ByteLevel", (string?)root["pre_tokenizer"]!["type"]);
        var vocab = root["model"]!["vocab"]!.AsObject();
        Assert.Equal(tok.VocabSize, vocab.Count);
        Assert.Equal(0, (int)vocab["<pad>"]!);
        Assert.Equal(4, (int)vocab["<mask>"]!);
        Assert.Equal(BpeTokenizer.ByteOffset + ' ', (int)vocab["Ġ"]!); // GPT-2 shows the space byte as Ġ
        Assert.Equal(tok.Merges.Count, root["model"]!["merges"]!.AsArray().Count);
        Assert.Equal(5, root["added_tokens"]!.AsArray().Count);

        var loaded = BpeTokenizer.Load(path);
        Assert.Equal(tok.Merges, loaded.Merges);
        Assert.Equal(tok.ContentHash(), loaded.ContentHash());
        var text = FixtureText.Lines(500, 99);
        Assert.Equal(tok.Encode(text), loaded.Encode(text));
    }

    [Fact]
    public void Load_RejectsFilesThatAreNotByteLevelBpe()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<BabyLmException>(() => BpeTokenizer.Load(dir["nope.json"]));
        Assert.Contains("does not exist", missing.Message);
        var notJson = Assert.Throws<BabyLmException>(() => BpeTokenizer.Load(dir.Write("a.json", "{ not json")));
        Assert.Contains("not valid JSON", notJson.Message);
        var wordPiece = Assert.Throws<BabyLmException>(() => BpeTokenizer.Load(dir.Write("b.json", """{"model":{"type":"WordPiece"}}""")));
        Assert.Contains("BPE", wordPiece.Message);
    }

    [Fact]
    public void Encode_NeverProducesSpecialIds_EvenForTheirText()
    {
        var ids = Trained.Value.Encode("<s> <mask> </s>");
        Assert.DoesNotContain(ids, id => id < BpeTokenizer.ByteOffset);
    }
}
