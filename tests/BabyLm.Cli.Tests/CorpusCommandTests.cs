// The corpus and tokenizer commands end to end, and the error contract: a user error prints one
// "error:" line naming what was wrong (plus a hint), exits 2, and leaves no partial output behind.
using BabyLm.Cli.Commands;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Cli.Tests;

public sealed class CorpusCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public CorpusCommandTests()
    {
        var lines = string.Concat(Enumerable.Range(0, 400).Select(i => $"where is the ball number {i % 17} ?\nlook at the doggy .\n"));
        _dir.Write("corpus/train_10M/childes.train", lines);
        _dir.Write("corpus/dev/childes.dev", "where is the doggy ?\n");
    }

    public void Dispose() => _dir.Dispose();

    private static void AssertUserError(CliResult r, params string[] mustContain)
    {
        Assert.Equal(2, r.ExitCode);
        var errors = r.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        foreach (var s in mustContain) Assert.Contains(s, errors[0]);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace without --verbose
    }

    [Fact]
    public void Stats_PrintsTableAndJson()
    {
        var table = CliRunner.Run("corpus", "stats", _dir["corpus"]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("strict-small", table.Stdout);
        var json = CliRunner.Run("corpus", "stats", _dir["corpus"], "--json");
        Assert.Equal(0, json.ExitCode);
        var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(400 * (7 + 5), doc.RootElement.GetProperty("train_words").GetInt64());
    }

    [Fact]
    public void Tokenizer_Train_Prepare_Inspect_WorkTogether()
    {
        var tok = _dir["tok.json"];
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", _dir["corpus"], "--vocab", "300", "--out", tok).ExitCode);
        var prep = CliRunner.Run("corpus", "prepare", _dir["corpus"], "--tokenizer", tok, "--out", _dir["shards"]);
        Assert.Equal(0, prep.ExitCode);
        Assert.Contains("wrote", prep.Stdout);
        var again = CliRunner.Run("corpus", "prepare", _dir["corpus"], "--tokenizer", tok, "--out", _dir["shards"]);
        Assert.Contains("up to date", again.Stdout);
        var inspect = CliRunner.Run("corpus", "inspect", _dir["shards"], "--show", "2", "--tokenizer", tok);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("[childes:2] look at the doggy .", inspect.Stdout);
    }

    [Fact]
    public void MissingPath_IsExit2WithOneLine()
        => AssertUserError(CliRunner.Run("corpus", "stats", _dir["nope"]), "nope", "does not exist");

    [Fact]
    public void EmptyCorpus_IsExit2()
    {
        _dir.Write("empty/train_10M/childes.train", "\n\n   \n");
        AssertUserError(CliRunner.Run("tokenizer", "train", _dir["empty"], "--out", _dir["t.json"]), "no text");
        Assert.False(File.Exists(_dir["t.json"]));
    }

    [Fact]
    public void InvalidUtf8_NamesFileAndLine_AndSampleLeavesNoOutput()
    {
        _dir.WriteBytes("corpus/train_10M/zz.train", [(byte)'a', (byte)'\n', (byte)'b', 0xC0, (byte)'\n']);
        var r = CliRunner.Run("corpus", "sample", _dir["corpus"], "--words", "100", "--out", _dir["sample"]);
        AssertUserError(r, "zz.train:2", "UTF-8");
        Assert.False(Directory.Exists(_dir["sample"]));
        Assert.Empty(Directory.GetDirectories(_dir.Path, "sample*"));
    }

    [Fact]
    public void NoTrainSplit_IsExit2()
    {
        _dir.Write("devonly/dev/childes.dev", "hi\n");
        AssertUserError(CliRunner.Run("corpus", "stats", _dir["devonly"]), "no train split");
    }

    [Fact]
    public void VocabTooSmall_IsExit2()
        => AssertUserError(CliRunner.Run("tokenizer", "train", _dir["corpus"], "--vocab", "100", "--out", _dir["t.json"]), "--vocab 100", "261");

    [Fact]
    public void CorruptOrTruncatedTokensBin_IsExit2_ForInspectAndPrepare()
    {
        var tok = _dir["tok.json"];
        CliRunner.Run("tokenizer", "train", _dir["corpus"], "--vocab", "300", "--out", tok);
        CliRunner.Run("corpus", "prepare", _dir["corpus"], "--tokenizer", tok, "--out", _dir["shards"]);
        var tokens = _dir["shards/train/tokens.bin"];
        File.WriteAllBytes(tokens, File.ReadAllBytes(tokens)[..^2]);
        AssertUserError(CliRunner.Run("corpus", "inspect", _dir["shards"]), "tokens.bin", "truncated");
        AssertUserError(CliRunner.Run("corpus", "prepare", _dir["corpus"], "--tokenizer", tok, "--out", _dir["shards"]), "tokens.bin");
    }

    [Fact]
    public void BadSizeSuffix_IsExit2()
        => AssertUserError(CliRunner.Run("corpus", "sample", _dir["corpus"], "--words", "10X", "--out", _dir["o"]), "--words", "10X");

    [Fact]
    public void UnknownOption_IsExit2_WithUsageHint()
    {
        var r = CliRunner.Run("corpus", "stats", _dir["corpus"], "--frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--help", r.Stderr);
    }

    [Fact]
    public void Verbose_ShowsTheStack()
    {
        var r = CliRunner.Run("corpus", "stats", _dir["nope"], "--verbose");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("where is the ball ?\nlook at the doggy .\n")]
    [InlineData("no final newline")]
    [InlineData("\n\nblank lines\n\n")]
    [InlineData("émoji 🐶 and \t tabs\r\nwindows line\n")]
    [InlineData("")]
    public void EncodeThenDecode_Streams_ReturnTheInputByteForByte(string text)
    {
        var tok = BpeTrainer.Train(BpeTrainer.CountPiecesFromStrings(["where is the ball", "look at the doggy"]), new BpeTrainingOptions { VocabSize = 300 });
        var input = System.Text.Encoding.UTF8.GetBytes(text);
        var ids = new MemoryStream();
        TokenizerStreams.Encode(tok, new MemoryStream(input), ids);
        Assert.Equal(text.Count(c => c == '\n'), System.Text.Encoding.UTF8.GetString(ids.ToArray()).Count(c => c == '\n'));
        var back = new MemoryStream();
        TokenizerStreams.Decode(tok, new MemoryStream(ids.ToArray()), back);
        Assert.Equal(input, back.ToArray());
    }
}
