// `babylm probes check` as a user calls it, on a BLiMP folder (capitalised, punctuation attached, extra
// keys) and a Zorro folder (odd lines bad, even lines good) holding the same pairs, against figures worked
// out by hand: the reference is a three-line corpus, the tokenizer a byte-level BPE without merges (a
// sentence's tokens are its bytes). Then the built-in suite, --strict, --out, and the errors.
using System.Text.Json;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Cli.Tests;

public sealed class ProbesCheckCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ProbesCheckCommandTests()
    {
        _dir.Write("corpus/train_10M/childes.train", "the dog barks .\nthe dogs bark .\na dog .\n");
        BpeTokenizer.FromMerges([]).Save(_dir["bytes.json"]);
        static string Line(string good, string bad, string uid, int id) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sentence_good"] = good, ["sentence_bad"] = bad, ["field"] = "syntax", ["linguistics_term"] = "island_effects", ["UID"] = uid,
            ["simple_LM_method"] = true, ["one_prefix_method"] = false, ["two_prefix_method"] = false, ["lexically_identical"] = false,
            ["pairID"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }) + "\n";
        _dir.Write("blimp/mixed.jsonl", Line("The dog barks.", "The dog.", "mixed", 0) + Line("A dog?", "A dog.", "mixed", 1)
            + Line("Dogs bark.", "Bark dogs.", "mixed", 2) + Line("The dog.", "The dog barks.", "mixed", 3));
        _dir.Write("blimp/frequent.jsonl", Line("The dog barks.", "The dogs barks.", "frequent", 0));
        _dir.Write("zorro/island-effects-mixed.txt", "the dog .\nthe dog barks .\na dog .\na dog ?\nbark dogs .\ndogs bark .\nthe dog barks .\nthe dog .\n");
        _dir.Write("zorro/island-effects-frequent.txt", "the dogs barks .\nthe dog barks .\n");
    }

    public void Dispose() => _dir.Dispose();

    private CliResult Check(string suite, params string[] more)
        => CliRunner.Run(["probes", "check", suite, "--corpus", _dir["corpus"], "--tokenizer", _dir["bytes.json"], .. more]);

    /// <summary>
    /// By hand, with k = 0.1 (counts: the 2, dog 2, . 3, barks 1, dogs 1, bark 1, a 1; "?" unseen):
    /// the dog barks . / the dog . — bad shorter in words and bytes, same mark, unigram and bigram prefer bad (0 0 ½ 0 0);
    /// a dog ? / a dog . — "." ends every utterance: punctuation, unigram, bigram prefer bad (½ ½ 0 0 0);
    /// dogs bark . / bark dogs . — a swap: ties but for the bigram, which has seen dogs bark . (½ ½ ½ ½ 1);
    /// the dog . / the dog barks . — the first reversed (1 1 ½ 1 1).
    /// the dog barks . / the dogs barks . — dog 2 against dogs 1, a byte fewer (½ 1 ½ 1 ·).
    /// </summary>
    [Theory]
    [InlineData("blimp")]
    [InlineData("zorro")]
    public void Blimp_and_zorro_folders_get_the_hand_computed_figures(string kind)
    {
        var r = Check($"{kind}:{_dir[kind]}", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var report = doc.RootElement[0];
        Assert.Equal(kind, report.GetProperty("suite").GetString());
        var paradigms = report.GetProperty("paradigms").EnumerateArray().ToDictionary(p => p.GetProperty("uid").GetString()!.Split('-')[^1]);
        var mixed = paradigms["mixed"];
        double F(JsonElement e, string key) => e.GetProperty(key).GetDouble();
        Assert.Equal(4, mixed.GetProperty("pairs").GetInt32());
        Assert.Equal(0.5, F(mixed, "length_differing"));
        Assert.Equal(0.5, F(mixed, "shorter_in_words"));
        Assert.Equal(0.5, F(mixed, "shorter_in_tokens"));
        Assert.Equal(0.25, F(mixed, "punctuation_differing"));
        Assert.Equal(0.375, F(mixed, "punctuation"));
        Assert.Equal(0.375, F(mixed, "unigram"));
        Assert.Equal(0.5, F(mixed, "bigram"));
        Assert.Equal(["length in words differs in 50% of pairs (at most 10%)", "final punctuation scores 37.5% (allowed 45–55%)"],
            mixed.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var frequent = paradigms["frequent"];
        Assert.Equal((0.5, 1.0, 0.5, 1.0), (F(frequent, "shorter_in_words"), F(frequent, "shorter_in_tokens"), F(frequent, "punctuation"), F(frequent, "unigram")));
        var phenomenon = report.GetProperty("phenomena")[0];
        Assert.Equal(kind == "blimp" ? "island_effects" : "island-effects", phenomenon.GetProperty("phenomenon").GetString());
        Assert.Equal((0.375 + 1) / 2, F(phenomenon, "unigram"));
        Assert.Equal((2, 1, false), (report.GetProperty("confounded_paradigms").GetInt32(), report.GetProperty("confounded_phenomena").GetInt32(),
            report.GetProperty("clean").GetBoolean()));
        Assert.Equal(_dir["bytes.json"], report.GetProperty("tokenizer").GetString());
    }

    [Fact]
    public void The_table_marks_each_figure_outside_its_limit_and_lists_the_flags()
    {
        var r = Check($"zorro:{_dir["zorro"]}");
        Assert.Equal(0, r.ExitCode);
        var row = r.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("island-effects-mixed ", StringComparison.Ordinal));
        // pairs, len-diff, shorter-w, shorter-t, punct-diff, punct, unigram, bigram
        Assert.Equal(["island-effects-mixed", "4", "50!", "50.0", "50.0", "25", "37.5!", "37.5", "50.0"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("confounded: 2 of 2 paradigms, 1 of 1 phenomena", r.Stdout);
        Assert.Contains("island-effects-frequent: shorter-in-tokens scores 100.0% (allowed 45–55%); unigram scores 100.0% (allowed 35–65%)", r.Stdout);
        Assert.Contains("island-effects (phenomenon): unigram mean 68.8% (allowed 45–55%)", r.Stdout);
    }

    [Fact]
    public void Strict_exits_3_on_a_confound_and_out_writes_the_json_report()
    {
        var strict = Check($"blimp:{_dir["blimp"]}", "--strict", "--out", _dir["report.json"]);
        Assert.Equal(3, strict.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(_dir["report.json"]));
        Assert.Equal(2, doc.RootElement[0].GetProperty("paradigms").GetArrayLength());
        _dir.Write("clean/swap.jsonl", "{\"sentence_good\": \"Dogs bark.\", \"sentence_bad\": \"Bark dogs.\"}\n");
        Assert.Equal(0, Check($"blimp:{_dir["clean"]}", "--strict").ExitCode);
    }

    [Fact]
    public void The_builtin_suite_is_checked_against_the_builtin_corpus_by_default()
    {
        var r = CliRunner.Run("probes", "check", "builtin", "--pairs", "40", "--synth-words", "100k");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("builtin: 29 paradigms, version ", r.Stdout);
        Assert.Contains("reference: built-in corpus, 100k words, seed 0; tokenizer: BPE trained on the corpus, vocab 4096", r.Stdout);
        Assert.Contains("filler_gap_wh_object", r.Stdout);
    }

    [Fact]
    public void Missing_suites_corpora_and_tokenizers_are_user_errors()
    {
        var suite = Check($"blimp:{_dir["nowhere"]}");
        Assert.Equal(2, suite.ExitCode);
        Assert.Contains("nowhere", suite.Stderr);
        var corpus = CliRunner.Run("probes", "check", $"blimp:{_dir["blimp"]}", "--corpus", _dir["no-corpus"]);
        Assert.Equal(2, corpus.ExitCode);
        Assert.Contains("no-corpus", corpus.Stderr);
        var tok = CliRunner.Run("probes", "check", $"blimp:{_dir["blimp"]}", "--corpus", _dir["corpus"], "--tokenizer", _dir["no.json"]);
        Assert.Equal(2, tok.ExitCode);
        Assert.Contains("no.json", tok.Stderr);
        var words = CliRunner.Run("probes", "check", "builtin", "--synth-words", "lots");
        Assert.Equal(2, words.ExitCode);
        Assert.Contains("--synth-words", words.Stderr);
    }
}
