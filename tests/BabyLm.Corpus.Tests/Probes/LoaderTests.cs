// Loaders for the real formats, on fixture files these tests write: BLiMP (extra keys, the
// syntax/semantics field, s-selection, filtered files with fewer lines, numeric pair ids), the BLiMP
// supplement (only the two sentences; UID = file stem), Zorro (phenomenon prefixes with '-' and '_',
// odd lines bad, even lines good). Malformed lines are errors naming file and line; a folder with no
// recognisable file is an error. Also the suite spec parser and the BLiMP export round trip.
using System.Text;
using System.Text.Json;
using BabyLm.Corpus.Probes;

namespace BabyLm.Corpus.Tests.Probes;

public sealed class LoaderTests
{
    private static string Blimp(string uid, string term, string field, params (string Good, string Bad)[] pairs)
    {
        var sb = new StringBuilder();
        int i = 0;
        foreach (var (g, b) in pairs)
        {
            sb.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["sentence_good"] = g, ["sentence_bad"] = b, ["field"] = field, ["linguistics_term"] = term, ["UID"] = uid,
                ["simple_LM_method"] = true, ["one_prefix_method"] = false, ["two_prefix_method"] = false,
                ["lexically_identical"] = false, ["pairID"] = (i++).ToString(), ["crucial_item"] = "x", ["some_future_key"] = new[] { 1, 2 },
            })).Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void Blimp_folder_loads_with_normalised_fields_phenomena_and_any_number_of_pairs()
    {
        using var dir = new TempDir();
        dir.Write("blimp/anaphor_gender_agreement.jsonl", Blimp("anaphor_gender_agreement", "anaphor_agreement", "morphology",
            ("Katherine can't help herself.", "Katherine can't help himself."), ("Carl hurt himself.", "Carl hurt herself."), ("A girl saw herself.", "A girl saw himself.")));
        dir.Write("blimp/principle_A_c_command.jsonl", Blimp("principle_A_c_command", "binding", "syntax/semantics", ("A lady that Tom likes hurt herself.", "A lady that Tom likes hurt himself.")));
        dir.Write("blimp/animate_subject_passive.jsonl", Blimp("animate_subject_passive", "s-selection", "semantics", ("Amanda was respected by some waitresses.", "Amanda was respected by some picture.")) + "\n\n");
        dir.Write("blimp/README.md", "not a paradigm");
        var suite = BlimpLoader.Load(dir["blimp"]);
        Assert.Equal("blimp", suite.Name);
        Assert.Equal($"blimp:{dir["blimp"]}", suite.Spec);
        Assert.Equal(["anaphor_gender_agreement", "animate_subject_passive", "principle_A_c_command"], suite.Paradigms.Select(p => p.Uid));
        var anaphor = suite.Find("anaphor_gender_agreement")!;
        Assert.Equal(("anaphor_agreement", "morphology", 3), (anaphor.Phenomenon, anaphor.Field, anaphor.Pairs.Count));
        Assert.Equal(new MinimalPair("Carl hurt himself.", "Carl hurt herself.", "1"), anaphor.Pairs[1]);
        Assert.Equal("syntax_semantics", suite.Find("principle_A_c_command")!.Field);
        Assert.Equal("argument_structure", suite.Find("animate_subject_passive")!.Phenomenon);
        Assert.Equal(64, suite.ContentHash.Length);
        Assert.Equal(suite.ContentHash, BlimpLoader.Load(dir["blimp"]).ContentHash);
    }

    [Fact]
    public void Blimp_supplement_files_take_their_uid_from_the_file_stem_and_numeric_pair_ids_are_kept()
    {
        using var dir = new TempDir();
        dir.Write("supp/hypernym.jsonl", "{\"sentence_good\": \"A dog is an animal.\", \"sentence_bad\": \"An animal is a dog.\"}\n"
            + "{\"sentence_good\": \"A rose is a flower.\", \"sentence_bad\": \"A flower is a rose.\"}\n");
        dir.Write("supp/qa_congruence_easy.jsonl", "{\"sentence_good\": \"A: What did you eat? B: Pizza.\", \"sentence_bad\": \"A: What did you eat? B: Sally.\", \"pairID\": 7}\n");
        var suite = BlimpLoader.Load(dir["supp"]);
        Assert.Equal("blimp_supplement", suite.Name);
        var hyper = suite.Find("hypernym")!;
        Assert.Equal(("hypernym", BlimpLoader.SupplementField, 2), (hyper.Phenomenon, hyper.Field, hyper.Pairs.Count));
        Assert.Equal("7", suite.Find("qa_congruence_easy")!.Pairs[0].Id);
        Assert.Null(hyper.Pairs[0].Id);
        // a single file works too
        Assert.Single(BlimpLoader.Load(dir["supp/hypernym.jsonl"]).Paradigms);
    }

    [Theory]
    [InlineData("{\"sentence_good\": \"A b.\", \"sentence_bad\": \"B a.\"}\n{not json\n", 2, "not a JSON object")]
    [InlineData("{\"sentence_good\": \"A b.\"}\n", 1, "missing \"sentence_bad\"")]
    [InlineData("\n{\"sentence_good\": 3, \"sentence_bad\": \"B a.\"}\n", 2, "\"sentence_good\" is not a string")]
    [InlineData("[1, 2]\n", 1, "not a JSON object")]
    [InlineData("{\"sentence_good\": \" \", \"sentence_bad\": \"B a.\"}\n", 1, "\"sentence_good\" is empty")]
    public void Malformed_blimp_lines_are_errors_naming_file_and_line(string text, int line, string message)
    {
        using var dir = new TempDir();
        var file = dir.Write("b/broken.jsonl", text);
        var ex = Assert.Throws<BabyLmException>(() => BlimpLoader.Load(dir["b"]));
        Assert.StartsWith($"{file}:{line}: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_folder_without_recognisable_files_is_an_error_not_an_empty_suite()
    {
        using var dir = new TempDir();
        dir.Write("none/notes.txt", "hello\n");
        Assert.Contains("holds no BLiMP files", Assert.Throws<BabyLmException>(() => BlimpLoader.Load(dir["none"])).Message);
        dir.Write("empty/a.jsonl", "\n\n");
        Assert.Contains("holds no BLiMP pairs", Assert.Throws<BabyLmException>(() => BlimpLoader.Load(dir["empty"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BabyLmException>(() => BlimpLoader.Load(dir["missing"])).Message);
        dir.Write("z/readme.txt", "a\nb\n");
        dir.Write("z/agreement-but-not-zorro.txt", "a\nb\n");
        var ex = Assert.Throws<BabyLmException>(() => ZorroLoader.Load(dir["z"]));
        Assert.Contains("holds no Zorro files", ex.Message);
        Assert.Contains("filler-gap", ex.Hint);
        Assert.Contains("holds no Zorro files", Assert.Throws<BabyLmException>(() => ZorroLoader.Load(dir["empty"])).Message);
    }

    [Fact]
    public void Zorro_prefixes_with_dashes_and_underscores_are_matched_and_odd_lines_are_bad()
    {
        using var dir = new TempDir();
        dir.Write("zorro/filler-gap-wh_question_object.txt", "what did the dog find the ball ?\nwhat did the dog find ?\nwho did you see her ?\nwho did you see ?\n");
        dir.Write("zorro/island-effects-adjunct_island.txt", "what did she drop it while running ?\nwhat did she drop while running ?\n");
        dir.Write("zorro/agreement_subject_verb-across_prepositional_phrase.txt", "the dogs on the mat is big .\r\nthe dogs on the mat are big .\r\n\r\n");
        dir.Write("zorro/local_attractor-in_question_with_aux.txt", "are the girl with the dogs tired ?\nis the girl with the dogs tired ?\n");
        dir.Write("zorro/case-subjective_pronoun.txt", "her is here .\nshe is here .\n");
        dir.Write("zorro/misc-notes.txt", "x\ny\n");
        var suite = ZorroLoader.Load(dir["zorro"]);
        Assert.Equal("zorro", suite.Name);
        var phenomena = suite.Paradigms.ToDictionary(p => p.Uid, p => p.Phenomenon);
        Assert.Equal("filler-gap", phenomena["filler-gap-wh_question_object"]);
        Assert.Equal("island-effects", phenomena["island-effects-adjunct_island"]);
        Assert.Equal("agreement_subject_verb", phenomena["agreement_subject_verb-across_prepositional_phrase"]);
        Assert.Equal("local_attractor", phenomena["local_attractor-in_question_with_aux"]);
        Assert.Equal("case", phenomena["case-subjective_pronoun"]);
        var fg = suite.Find("filler-gap-wh_question_object")!;
        Assert.Equal([new("what did the dog find ?", "what did the dog find the ball ?", "0"), new("who did you see ?", "who did you see her ?", "1")], fg.Pairs);
        Assert.Equal("the dogs on the mat are big .", suite.Find("agreement_subject_verb-across_prepositional_phrase")!.Pairs.Single().Good);
        Assert.Null(fg.Field);
        Assert.Contains(suite.Notes, n => n.Contains("misc-notes.txt"));
        Assert.Equal(13, ZorroLoader.Phenomena.Count);
    }

    [Fact]
    public void Malformed_zorro_files_are_errors_naming_file_and_line()
    {
        using var dir = new TempDir();
        var odd = dir.Write("a/case-subjective_pronoun.txt", "her is here .\nshe is here .\nhim is here .\n");
        var ex = Assert.Throws<BabyLmException>(() => ZorroLoader.Load(dir["a"]));
        Assert.StartsWith($"{odd}:3: odd number of lines", ex.Message);
        var blank = dir.Write("b/binding-principle_a.txt", "a .\nb .\n\nc .\nd .\n");
        Assert.StartsWith($"{blank}:3: blank line", Assert.Throws<BabyLmException>(() => ZorroLoader.Load(dir["b"])).Message);
    }

    [Theory]
    [InlineData("builtin", "builtin")]
    [InlineData(" BUILTIN ", "builtin")]
    [InlineData("blimp:/data/blimp", "blimp:/data/blimp")]
    [InlineData("zorro:data/zorro", "zorro:data/zorro")]
    public void Suite_specs_parse(string text, string expected) => Assert.Equal(expected, SuiteSpec.Parse(text).ToString());

    [Fact]
    public void Suite_spec_lists_and_their_errors()
    {
        Assert.Equal([SuiteKind.Builtin, SuiteKind.Blimp, SuiteKind.Zorro], SuiteSpec.ParseList("builtin, blimp:a,zorro:b").Select(s => s.Kind));
        var ex = Assert.Throws<BabyLmException>(() => SuiteSpec.Parse("blimb:x"));
        Assert.Contains("unknown kind 'blimb'", ex.Message);
        Assert.Contains("did you mean blimp?", ex.Hint);
        Assert.Contains("needs a folder", Assert.Throws<BabyLmException>(() => SuiteSpec.Parse("zorro:")).Message);
        Assert.Contains("takes no path", Assert.Throws<BabyLmException>(() => SuiteSpec.Parse("builtin:x")).Message);
        Assert.Throws<BabyLmException>(() => SuiteSpec.ParseList(" , "));
    }

    [Fact]
    public void Loading_by_spec_reaches_every_loader()
    {
        using var dir = new TempDir();
        dir.Write("blimp/x.jsonl", Blimp("x", "ellipsis", "syntax", ("A b.", "B a.")));
        dir.Write("zorro/ellipsis-n_bar.txt", "b a .\na b .\n");
        var suites = ProbeSuites.Load($"blimp:{dir["blimp"]},zorro:{dir["zorro"]}");
        Assert.Equal(["blimp", "zorro"], suites.Select(s => s.Name));
        Assert.Same(BuiltinSuite.Default, ProbeSuites.Load(SuiteSpec.Builtin));
    }

    [Fact]
    public void Export_writes_blimp_jsonl_that_the_blimp_loader_reads_back_unchanged()
    {
        using var dir = new TempDir();
        var suite = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 2, PairsPerParadigm = 12 });
        BlimpExport.Write(suite, dir["export"]);
        var back = BlimpLoader.Load(dir["export"]);
        Assert.Equal(suite.Paradigms.Select(p => p.Uid).Order(StringComparer.Ordinal), back.Paradigms.Select(p => p.Uid));
        foreach (var p in back.Paradigms)
        {
            var original = suite.Find(p.Uid)!;
            Assert.Equal((original.Phenomenon, original.Field), (p.Phenomenon, p.Field));
            Assert.Equal(original.Pairs, p.Pairs);
        }
        using var first = JsonDocument.Parse(File.ReadLines(dir["export/ellipsis_n_bar.jsonl"]).First());
        var keys = first.RootElement.EnumerateObject().Select(o => o.Name).ToList();
        Assert.Equal(["sentence_good", "sentence_bad", "field", "linguistics_term", "UID", "simple_LM_method", "one_prefix_method", "two_prefix_method", "lexically_identical", "pairID"], keys);
        // ellipsis moves the adjective (same words); a demonstrative substitution does not keep them
        Assert.True(first.RootElement.GetProperty("lexically_identical").GetBoolean());
        using var substitution = JsonDocument.Parse(File.ReadLines(dir["export/determiner_noun_agreement_adjacent.jsonl"]).First());
        Assert.False(substitution.RootElement.GetProperty("lexically_identical").GetBoolean());
        using var summary = JsonDocument.Parse(File.ReadAllText(dir["export/suite.json"]));
        Assert.Equal(suite.Version, summary.RootElement.GetProperty("version").GetString());
        Assert.Contains("already exists", Assert.Throws<BabyLmException>(() => BlimpExport.Write(suite, dir["export"])).Message);
        BlimpExport.Write(suite, dir["export"], force: true);
    }
}
