// Loaders of the BabyLM zero-shot tasks, on fixture files written here and under tests/Data/zeroshot
// from the format descriptions (../shared/notes/babylm-facts.md and the official pipeline's
// read_files.py), with their quirks: EWoK's leading space before the target, entity tracking's
// <file>_<numops>_ops UIDs (numops as a number or a string), the tab-separated WUG alternatives, the
// COMPS file-to-subset names, the full_eval/fast_eval layout. Malformed lines are errors naming file
// and line; a folder with no recognisable task is an error, never an empty suite.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.ZeroShot;

namespace BabyLm.Corpus.Tests.ZeroShot;

public static class ZeroShotFixtures
{
    public static string RepoRoot { get; } = typeof(ZeroShotFixtures).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    public static string EvaluationData => Path.Combine(RepoRoot, "tests", "Data", "zeroshot", "evaluation_data");
    public static string Full => Path.Combine(EvaluationData, "full_eval");
    public static string Fast => Path.Combine(EvaluationData, "fast_eval");
}

public sealed class ZeroShotLoaderTests
{
    private static string Ewok(string domain, string c1, string t1, string t2, string c2 = "Other context.")
        => $"{{\"Domain\": \"{domain}\", \"ContextType\": \"direct\", \"ContextDiff\": \"antonym\", \"TargetDiff\": \"concept swap\", "
           + $"\"Context1\": \"{c1}\", \"Context2\": \"{c2}\", \"Target1\": \"{t1}\", \"Target2\": \"{t2}\", \"extra\": [1]}}\n";

    [Fact]
    public void Ewok_scores_each_target_after_a_space_in_the_first_context_and_groups_by_domain_across_files()
    {
        using var dir = new TempDir();
        dir.Write("ewok/a.jsonl", Ewok("social-relations", "Ann is Bob's mother.", "Bob is Ann's son.", "Ann is Bob's son.", c2: "Ann is Bob's daughter."));
        dir.Write("ewok/b.jsonl", Ewok("agent-properties", "Ali is hungry.", "Ali wants to eat.", "Ali wants to rest.")
            + "\n" + Ewok("social-relations", "Kim is Lee's aunt.", "Lee is Kim's niece.", "Kim is Lee's niece."));
        var task = EwokLoader.Load(dir["ewok"]);
        Assert.Equal(("ewok", "ewok", false, TaskMetric.Accuracy), (task.Name, task.OfficialName, task.Fast, task.Metric));
        Assert.Equal(["agent-properties", "social-relations"], task.Groups.Select(g => g.Uid));
        var social = task.Find("social-relations")!;
        Assert.Equal(2, social.Items.Count);
        var item = social.Items[0];
        // Both candidates continue Context1 (Context2 is metadata), with the pipeline's " " + target as the completion.
        Assert.Equal("Ann is Bob's mother. Bob is Ann's son.", item.Candidates[0].Text);
        Assert.Equal(" Bob is Ann's son.", item.Candidates[0].Completion);
        Assert.Equal("Ann is Bob's mother.", item.Candidates[0].Prefix);
        Assert.Equal(" Ann is Bob's son.", item.Candidates[1].Completion);
        Assert.Equal(item.Candidates[0].Prefix, item.Candidates[1].Prefix);
        Assert.DoesNotContain(task.Groups.SelectMany(g => g.Items).SelectMany(i => i.Candidates), c => c.Text.Contains("daughter"));
    }

    [Fact]
    public void Comps_names_subsets_as_the_pipeline_does_and_scores_the_property_after_each_prefix()
    {
        var task = CompsLoader.Load(Path.Combine(ZeroShotFixtures.Full, "comps"));
        Assert.Equal(["base", "wugs", "wugs_dist_before", "wugs_dist_in_between"], task.Groups.Select(g => g.Uid));
        Assert.True(task.PredictsWholeText);
        var item = task.Find("wugs")!.Items[0];
        Assert.Equal("A wug is a dog. Therefore, a wug can bark.", item.Candidates[0].Text);
        Assert.Equal("can bark.", item.Candidates[0].Completion);
        Assert.Equal("A wug is a cat. Therefore, a wug can bark.", item.Candidates[1].Text);
        Assert.Equal("can bark.", item.Candidates[1].Completion);
        Assert.Equal("wugs_dist_in_between", CompsLoader.UidOf("comps_wugs_dist-in-between"));
    }

    [Fact]
    public void Entity_tracking_uids_are_file_and_number_of_operations_and_options_keep_their_order()
    {
        var task = EntityTrackingLoader.Load(Path.Combine(ZeroShotFixtures.Full, "entity_tracking"));
        Assert.Equal(["ambiref_0_ops", "ambiref_1_ops", "move_contents_1_ops", "regular_0_ops", "regular_1_ops", "regular_2_ops"],
            task.Groups.Select(g => g.Uid));
        Assert.True(task.MeanOfPhenomena);
        Assert.Equal(["ambiref", "ambiref", "move_contents", "regular", "regular", "regular"], task.Groups.Select(g => g.Phenomenon));
        // numops written as the string "1" lands in the same UID shape.
        Assert.Single(task.Find("ambiref_1_ops")!.Items);
        var four = task.Find("regular_2_ops")!.Items[0];
        Assert.Equal([" the cup.", " the key.", " nothing.", " the hat."], four.Candidates.Select(c => c.Completion));
        // Prefix and option are concatenated as written: a trailing space in the prefix, none added.
        var ambiref = task.Find("ambiref_0_ops")!.Items[0].Candidates[0];
        Assert.EndsWith("Box 1 contains the blue ball.", ambiref.Text);
        Assert.Equal("the blue ball.", ambiref.Completion);
        Assert.EndsWith("contains ", ambiref.Prefix);
    }

    [Fact]
    public void Wug_alternatives_are_split_at_tabs_and_the_ratio_may_be_a_string()
    {
        var task = WugLoader.Load(Path.Combine(ZeroShotFixtures.Full, "wug_past_tense"), WugTask.PastTense);
        Assert.Equal(("wug_past", TaskMetric.Spearman, "wug_past"), (task.Name, task.Metric, task.OfficialName));
        var group = Assert.Single(task.Groups);
        Assert.Equal("wug_past", group.Uid);
        Assert.Equal(["Yesterday she spling the fence.", "Yesterday she splinged the fence.", "Yesterday she splang the fence."],
            group.Items[0].Candidates.Select(c => c.Text));
        Assert.All(group.Items.SelectMany(i => i.Candidates), c => Assert.Equal(0, c.CompletionStart));
        Assert.Equal([0.2, 0.9, 0.95, 0.35], group.Items.Select(i => i.Ratio!.Value));
        var adj = WugLoader.Load(Path.Combine(ZeroShotFixtures.Full, "wug_adj_nominalization"), WugTask.Adjective);
        Assert.Equal(0.4, adj.Groups[0].Items[2].Ratio); // written "0.4"
    }

    [Theory]
    [InlineData("{\"sentences\": \"Only one sentence.\", \"ratio\": 0.5}\n", 1, "the alternatives are separated by tabs")]
    [InlineData("{\"sentences\": \"One.\\tTwo.\", \"ratio\": 0.5}\n{\"sentences\": \"One.\\t\", \"ratio\": 0.5}\n", 2, "alternative 2 of 2 is empty")]
    [InlineData("{\"sentences\": \"One.\\tTwo.\", \"ratio\": \"high\"}\n", 1, "\"ratio\" is not a number")]
    [InlineData("{\"sentences\": \"One.\\tTwo.\"}\n", 1, "missing \"ratio\"")]
    [InlineData("\n\n{\"sentences\": [\"One.\", \"Two.\"], \"ratio\": 0.5}\n", 3, "\"sentences\" is not a string")]
    public void Malformed_wug_lines_name_file_and_line(string text, int line, string message)
    {
        using var dir = new TempDir();
        var file = dir.Write("wug/wug_adj_nominalization.jsonl", text + "{\"sentences\": \"A.\\tB.\", \"ratio\": 0.1}\n{\"sentences\": \"C.\\tD.\", \"ratio\": 0.2}\n");
        var ex = Assert.Throws<BabyLmException>(() => WugLoader.Load(dir["wug"], WugTask.Adjective));
        Assert.StartsWith($"{file}:{line}: ", ex.Message);
        Assert.Contains(message, ex.Message);
        Assert.Contains("tabs", ex.Hint);
    }

    [Theory]
    [InlineData("ewok", "{\"Domain\": \"x\", \"Context1\": \"A.\", \"Target1\": \"B.\"}\n", 1, "missing \"Target2\"")]
    [InlineData("ewok", "{\"Domain\": \"x\", \"Context1\": \"A.\", \"Target1\": \"B.\", \"Target2\": \"\"}\n", 1, "\"Target2\" is empty")]
    [InlineData("comps", "{\"prefix_acceptable\": \"A dog\", \"property_phrase\": \"can bark.\"}\n", 1, "missing \"prefix_unacceptable\"")]
    [InlineData("entity", "{\"input_prefix\": \"Box 0 contains\", \"options\": [\" the cup.\"], \"numops\": 0}\n", 1, "at least 2 are needed")]
    [InlineData("entity", "{\"input_prefix\": \"Box 0 contains\", \"options\": [\" a.\", \" b.\"], \"numops\": -1}\n", 1, "\"numops\" is not a non-negative whole number")]
    [InlineData("entity", "{\"input_prefix\": \"Box 0 contains\", \"options\": [\" a.\", 3], \"numops\": 0}\n", 1, "\"options\"[1] is not a string")]
    [InlineData("entity", "{\"input_prefix\": \"Box 0\"\n", 1, "not a JSON object")]
    [InlineData("comps", "\n[\"prefix_acceptable\"]\n", 2, "not a JSON object")]
    public void Malformed_lines_of_each_task_name_file_and_line(string kind, string text, int line, string message)
    {
        using var dir = new TempDir();
        var file = dir.Write($"{kind}/regular.jsonl", text);
        var ex = Assert.Throws<BabyLmException>(() => ZeroShotTasks.Load(SuiteSpec.Parse($"{kind}:{dir[kind]}")));
        Assert.StartsWith($"{file}:{line}: ", ex.Message);
        Assert.Contains(message, ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void A_full_eval_folder_loads_every_task_in_the_pipelines_order_and_skips_the_others_with_a_note()
    {
        var tasks = ZeroShotTasks.Load(SuiteSpec.Parse("babylm:" + ZeroShotFixtures.Full));
        Assert.Equal(["blimp", "blimp_supplement", "ewok", "entity_tracking", "wug_adj", "wug_past", "comps"], tasks.Select(t => t.Name));
        Assert.Equal(tasks.Select(t => t.Name), tasks.Select(t => t.OfficialName));
        Assert.All(tasks, t => Assert.False(t.Fast));
        Assert.Contains(tasks[0].Notes, n => n.StartsWith("reading/: not a zero-shot ranking task", StringComparison.Ordinal));
        Assert.Equal("syntax_semantics", tasks[0].Find("principle_A_c_command")!.Field);
        Assert.True(tasks[0].IsMinimalPairs && tasks[1].IsMinimalPairs);
        Assert.False(tasks[2].IsMinimalPairs);
        // The BLiMP task is the BLiMP suite: same version as blimp:<dir>.
        Assert.Equal(BlimpLoader.Load(Path.Combine(ZeroShotFixtures.Full, "blimp_filtered")).Version, tasks[0].Version);
    }

    [Fact]
    public void A_fast_eval_folder_names_its_tasks_fast_and_an_evaluation_data_folder_with_both_is_an_error()
    {
        var fast = ZeroShotTasks.Load(SuiteSpec.Parse("babylm:" + ZeroShotFixtures.Fast));
        Assert.Equal(["blimp_fast", "blimp_supplement_fast", "ewok_fast", "entity_tracking_fast", "wug_adj_fast", "wug_past_fast"], fast.Select(t => t.Name));
        Assert.Equal(["blimp", "blimp_supplement", "ewok", "entity_tracking", "wug_adj", "wug_past"], fast.Select(t => t.OfficialName));
        Assert.All(fast, t => Assert.True(t.Fast));
        var ex = Assert.Throws<BabyLmException>(() => BabyLmEvalFolder.Load(ZeroShotFixtures.EvaluationData));
        Assert.Contains("holds both full_eval/ and fast_eval/", ex.Message);
        Assert.Contains("fast_eval", ex.Hint);

        using var dir = new TempDir();
        dir.Write("evaluation_data/fast_eval/ewok_fast/agent-properties.jsonl", Ewok("agent-properties", "A.", "B.", "C."));
        Assert.Equal("ewok_fast", Assert.Single(BabyLmEvalFolder.Load(dir["evaluation_data"])).Name);
    }

    [Fact]
    public void A_folder_without_any_task_is_an_error_not_an_empty_suite()
    {
        using var dir = new TempDir();
        dir.Write("evaluation_data/full_eval/reading/reading_data.csv", "item,word\n");
        dir.Write("evaluation_data/full_eval/ewok_fast.zip", "PK");
        var ex = Assert.Throws<BabyLmException>(() => ZeroShotTasks.Load(SuiteSpec.Parse("babylm:" + dir["evaluation_data/full_eval"])));
        Assert.Contains("holds no BabyLM zero-shot task (folders reading)", ex.Message);
        Assert.Contains("blimp_filtered/", ex.Hint);
        Directory.CreateDirectory(dir["empty"]);
        Assert.Contains("(no folders)", Assert.Throws<BabyLmException>(() => BabyLmEvalFolder.Load(dir["empty"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BabyLmException>(() => BabyLmEvalFolder.Load(dir["nowhere"])).Message);
        // A task folder whose files hold nothing is an error too.
        dir.Write("e/ewok_filtered/x.jsonl", "\n\n");
        Assert.Contains("holds no EWoK items", Assert.Throws<BabyLmException>(() => BabyLmEvalFolder.Load(dir["e"])).Message);
        Directory.CreateDirectory(dir["f/comps"]);
        Assert.Contains("holds no COMPS files", Assert.Throws<BabyLmException>(() => BabyLmEvalFolder.Load(dir["f"])).Message);
    }

    [Fact]
    public void The_password_protected_fast_ewok_archive_is_pointed_out()
    {
        using var dir = new TempDir();
        dir.Write("fast_eval/blimp_fast/x.jsonl", "{\"sentence_good\": \"A b.\", \"sentence_bad\": \"B a.\"}\n");
        dir.Write("fast_eval/ewok_fast.zip", "PK");
        var task = Assert.Single(BabyLmEvalFolder.Load(dir["fast_eval"]));
        Assert.Contains(task.Notes, n => n.StartsWith("ewok_fast.zip:", StringComparison.Ordinal));
    }

    [Fact]
    public void Content_hashes_are_stable_and_follow_the_content()
    {
        using var dir = new TempDir();
        dir.Write("e/a.jsonl", Ewok("x", "A.", "B.", "C."));
        var first = EwokLoader.Load(dir["e"]);
        Assert.Equal(first.ContentHash, EwokLoader.Load(dir["e"]).ContentHash);
        dir.Write("e/a.jsonl", Ewok("x", "A.", "B.", "D."));
        Assert.NotEqual(first.ContentHash, EwokLoader.Load(dir["e"]).ContentHash);
    }

    [Theory]
    [InlineData("babylm:data/evaluation_data/full_eval", SuiteKind.Babylm)]
    [InlineData("ewok:x", SuiteKind.Ewok)]
    [InlineData("comps:x", SuiteKind.Comps)]
    [InlineData("entity:x", SuiteKind.Entity)]
    [InlineData("wug-adj:x", SuiteKind.WugAdj)]
    [InlineData("wug-past:x", SuiteKind.WugPast)]
    public void New_suite_kinds_parse_and_print_back(string text, SuiteKind kind)
    {
        var spec = SuiteSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(text, spec.ToString());
        Assert.False(spec.IsMinimalPairs);
    }

    [Fact]
    public void Bad_specs_say_what_is_allowed()
    {
        var ex = Assert.Throws<BabyLmException>(() => SuiteSpec.Parse("wug_adj:x"));
        Assert.Contains("unknown kind 'wug_adj'", ex.Message);
        Assert.Contains("did you mean wug-adj?", ex.Hint);
        var noDir = Assert.Throws<BabyLmException>(() => SuiteSpec.Parse("babylm"));
        Assert.Contains("babylm needs a folder", noDir.Message);
        Assert.Contains("evaluation_data/full_eval", noDir.Hint);
        var twice = Assert.Throws<BabyLmException>(() => ZeroShotTasks.Load($"ewok:{Path.Combine(ZeroShotFixtures.Full, "ewok_filtered")},babylm:{ZeroShotFixtures.Full}"));
        Assert.Contains("suite 'ewok' is named twice", twice.Message);
    }
}
