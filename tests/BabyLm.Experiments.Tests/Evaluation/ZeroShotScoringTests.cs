// The BabyLM zero-shot tasks scored on tiny models, each held to a brute-force computation written here
// from the task definitions: one candidate per forward pass (batch of one, no padding), the text
// tokenized whole, its completion's tokens found from the decoded bytes, log-probabilities summed in
// double; then the task's own rule (the first candidate must beat every other; a tie shared or, in the
// babylm mode, won; ρ against the human ratios; the UID mean, or entity tracking's mean of file means),
// computed here too. Plus the official mode against the honest one on planted ties, Spearman and the
// aggregation against hand-computed values, and the submission and fast-eval files.
using System.Text;
using System.Text.Json;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Tokenization;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Engine;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Tests.Sweeps;

namespace BabyLm.Experiments.Tests.Evaluation;

public static class ZeroShotData
{
    public static string RepoRoot { get; } = typeof(ZeroShotData).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    public static string Full => Path.Combine(RepoRoot, "tests", "Data", "zeroshot", "evaluation_data", "full_eval");
    public static string Fast => Path.Combine(RepoRoot, "tests", "Data", "zeroshot", "evaluation_data", "fast_eval");

    public static readonly Lazy<IReadOnlyList<ZeroShotTask>> FullTasks = new(() => BabyLmEvalFolder.Load(Full));
}

public sealed class ZeroShotScoringTests
{
    private static readonly Lazy<BpeTokenizer> Tokenizer = new(() => BpeTrainer.Train(
        BpeTrainer.CountPiecesFromStrings(ZeroShotData.FullTasks.Value.SelectMany(t => t.Groups).SelectMany(g => g.Items)
            .SelectMany(i => i.Candidates).Select(c => c.Text).Distinct()),
        new BpeTrainingOptions { VocabSize = 420 }));

    private static (ILanguageModel Model, IBackend Backend) Model(string arch, int context = 128)
    {
        var pool = new CpuBackend(2);
        var model = ModelFactory.Create(new ModelConfig { Arch = arch, Layers = 2, Heads = 2, Width = 16, Context = context }, Tokenizer.Value.VocabSize, pool);
        model.Initialize(5);
        var p = model.ReadParameters();
        for (int i = 0; i < p.Length; i++) p[i] *= 6; // sharper distributions than the init
        model.WriteParameters(p);
        return (model, pool);
    }

    /// <summary>Index of the first token of the completion: the first whose decoded bytes reach past the prefix's bytes.</summary>
    private static int FirstCompletionToken(int[] ids, Candidate c)
    {
        int prefixBytes = Encoding.UTF8.GetBytes(c.Prefix).Length;
        for (int t = 0; t < ids.Length; t++)
            if (Tokenizer.Value.DecodeBytes(ids.AsSpan(0, t + 1)).Length > prefixBytes) return t;
        return ids.Length;
    }

    /// <summary>One candidate, one forward pass (no windows: the text fits the context).</summary>
    private static double BruteForce(ILanguageModel model, Candidate c, bool causal, bool official)
    {
        var ids = Tokenizer.Value.Encode(c.Text);
        Assert.Equal(c.Text, Tokenizer.Value.Decode(ids));
        int first = FirstCompletionToken(ids, c);
        int from = official ? Math.Max(first, 1) : first;
        double total = 0;
        if (causal)
        {
            int offset = official ? 0 : 1; // <s> before the text
            int T = ids.Length + offset - 1;
            if (T == 0) return 0;
            var batch = new Batch(1, T);
            var seq = official ? ids : [BpeTokenizer.BosId, .. ids];
            Array.Copy(seq, batch.Inputs, T);
            Array.Fill(batch.Targets, Batch.Ignore);
            for (int t = from; t < ids.Length; t++) batch.Targets[t + offset - 1] = ids[t];
            batch.ValidLengths[0] = T;
            var lp = new float[T];
            model.TargetLogProbs(batch, true, lp);
            foreach (var x in lp) total += x;
            return total;
        }
        int frame = official ? 0 : 1;
        for (int i = from; i < ids.Length; i++)
        {
            int T = ids.Length + 2 * frame;
            var batch = new Batch(1, T);
            if (frame == 1) { batch.Inputs[0] = BpeTokenizer.BosId; batch.Inputs[^1] = BpeTokenizer.EosId; }
            ids.CopyTo(batch.Inputs, frame);
            batch.Inputs[i + frame] = BpeTokenizer.MaskId;
            Array.Fill(batch.Targets, Batch.Ignore);
            batch.Targets[i + frame] = ids[i];
            batch.ValidLengths[0] = T;
            var lp = new float[T];
            model.TargetLogProbs(batch, false, lp);
            total += lp[i + frame];
        }
        return total;
    }

    /// <summary>Spearman's ρ from first principles: a value's rank is 1 + (values below) + (equal others)/2; then Pearson.</summary>
    private static double Rho(double[] x, double[] y)
    {
        double[] Rank(double[] v) => v.Select(a => 1 + v.Count(b => b < a) + (v.Count(b => b == a) - 1) / 2.0).ToArray();
        var (rx, ry) = (Rank(x), Rank(y));
        double mx = rx.Average(), my = ry.Average();
        double sxy = rx.Zip(ry).Sum(p => (p.First - mx) * (p.Second - my));
        double sxx = rx.Sum(a => (a - mx) * (a - mx)), syy = ry.Sum(b => (b - my) * (b - my));
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>The task score by brute force: each candidate alone, then the task's rule.</summary>
    private static (double Score, Dictionary<string, double> Uids) BruteForceTask(ILanguageModel model, ZeroShotTask task, bool causal, bool official)
    {
        var uids = new Dictionary<string, double>();
        foreach (var g in task.Groups)
        {
            var scores = g.Items.Select(i => i.Candidates.Select(c => BruteForce(model, c, causal, official)).ToArray()).ToList();
            if (task.Metric == TaskMetric.Spearman)
            {
                var preference = scores.Select(s => Math.Exp(s[0]) / s.Sum(Math.Exp)).ToArray();
                double rho = Rho(preference, g.Items.Select(i => i.Ratio!.Value).ToArray());
                uids[g.Uid] = double.IsNaN(rho) && !official ? 0 : rho;
                continue;
            }
            double credit = 0;
            foreach (var s in scores)
            {
                double best = s.Max();
                int atTop = s.Count(x => x == best);
                if (s[0] == best) credit += official ? 1 : 1.0 / atTop;
            }
            uids[g.Uid] = credit / scores.Count;
        }
        double score = task.MeanOfPhenomena
            ? task.Groups.GroupBy(g => g.Phenomenon).Average(p => p.Average(g => uids[g.Uid]))
            : uids.Values.Average();
        return (score, uids);
    }

    public static TheoryData<string, bool, bool> Models => new()
    {
        { "gpt", true, false }, { "gpt", true, true }, { "llama", true, false }, { "bert", false, false }, { "bert", false, true },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_task_scores_as_a_brute_force_computation_one_candidate_at_a_time(string arch, bool causal, bool official)
    {
        var (model, pool) = Model(arch);
        using (pool)
        using (model)
        {
            var ties = official ? TieMode.Babylm : TieMode.Half;
            var scorer = new ModelSentenceScorer(model, Tokenizer.Value, causal, ScorerOptions.For(ties) with { MaxBatchTokens = 300 });
            foreach (var task in ZeroShotData.FullTasks.Value)
            {
                var result = ProbeEvaluator.Evaluate(task, scorer, ties);
                var (score, uids) = BruteForceTask(model, task, causal, official);
                Assert.True(Math.Abs(result.Score - score) <= 1e-12, $"{task.Name}: {result.Score} vs brute force {score}");
                foreach (var p in result.Paradigms) Assert.True(Math.Abs(p.Accuracy - uids[p.Paradigm]) <= 1e-12, $"{task.Name}/{p.Paradigm}");
                // Item scores too, to a relative 1e-9 (batched rows of other lengths pad differently, never change a row).
                foreach (var item in result.Items)
                    for (int k = 0; k < item.Candidates.Count; k++)
                    {
                        double expected = BruteForce(model, item.Candidates[k], causal, official);
                        Assert.True(Math.Abs(item.Scores[k] - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{task.Name} {item.Candidates[k].Text}: {item.Scores[k]} vs {expected}");
                    }
            }
        }
    }

    [Fact]
    public void A_completion_is_its_own_tokens_whether_the_space_ends_the_prefix_or_starts_the_option()
    {
        var (model, pool) = Model("gpt");
        using (pool)
        using (model)
        {
            var scorer = new ModelSentenceScorer(model, Tokenizer.Value, causal: true);
            const string prefix = "Box 0 contains the apple, Box 1 contains the map. Box 1 contains";
            var spaceInOption = new Candidate(prefix + " the map.", prefix.Length);
            var spaceInPrefix = new Candidate(prefix + " the map.", prefix.Length + 1);
            var (scores, tokens) = scorer.Score([spaceInOption, spaceInPrefix, new Candidate(prefix + " the map.")]);
            // The same text, tokenized whole: " the" belongs to the completion either way (it ends inside it).
            int expected = Tokenizer.Value.Encode(" the map.").Length;
            Assert.Equal(expected, tokens[0]);
            Assert.Equal(expected, tokens[1]);
            Assert.Equal(scores[0], scores[1]);
            Assert.Equal(Tokenizer.Value.Encode(prefix + " the map.").Length, tokens[2]);
            Assert.True(scores[2] < scores[0]);
        }
    }

    [Fact]
    public void A_long_prefix_is_scored_in_the_documented_overlapping_windows()
    {
        const int context = 16;
        var (model, pool) = Model("gpt", context);
        using (pool)
        using (model)
        {
            var entity = ZeroShotData.FullTasks.Value.Single(t => t.Name == "entity_tracking");
            var candidate = entity.Find("regular_2_ops")!.Items[0].Candidates[1];
            var ids = Tokenizer.Value.Encode(candidate.Text);
            Assert.True(ids.Length > 2 * context);
            // Windows of the context start every context/2 positions over "<s> ids"; a token is scored once, in the first window that predicts it.
            int[] seq = [BpeTokenizer.BosId, .. ids];
            int first = FirstCompletionToken(ids, candidate) + 1;
            double expected = 0;
            var done = new bool[seq.Length];
            for (int start = 0; start < seq.Length - 1; start += context / 2)
            {
                int len = Math.Min(context, seq.Length - 1 - start);
                var batch = new Batch(1, len);
                Array.Copy(seq, start, batch.Inputs, 0, len);
                Array.Fill(batch.Targets, Batch.Ignore);
                for (int t = 0; t < len; t++)
                    if (!done[start + t + 1] && start + t + 1 >= first) { batch.Targets[t] = seq[start + t + 1]; done[start + t + 1] = true; }
                batch.ValidLengths[0] = len;
                var lp = new float[len];
                model.TargetLogProbs(batch, true, lp);
                foreach (var x in lp) expected += x;
                if (start + len >= seq.Length - 1) break;
            }
            var (scores, tokens) = new ModelSentenceScorer(model, Tokenizer.Value, true).Score([candidate]);
            Assert.True(Math.Abs(scores[0] - expected) <= 1e-9 * Math.Abs(expected), $"{scores[0]} vs {expected}");
            Assert.Equal(ids.Length - (first - 1), tokens[0]);
        }
    }

    /// <summary>Scores from a table keyed by candidate text.</summary>
    private sealed class TableScorer(Func<Candidate, double> score) : ISentenceScorer
    {
        public string Name => "table";
        public (double[] Scores, int[] Tokens) Score(IReadOnlyList<Candidate> candidates)
            => (candidates.Select(score).ToArray(), candidates.Select(_ => 1).ToArray());
    }

    private static TaskItem Item(params string[] candidates) => new(candidates.Select(c => new Candidate("p " + c, 2)).ToList());

    [Fact]
    public void The_official_mode_differs_from_the_honest_one_exactly_on_planted_ties()
    {
        // Candidate "x<score>" scores <score>.
        var scorer = new TableScorer(c => -double.Parse(c.Completion[1..], System.Globalization.CultureInfo.InvariantCulture));
        var items = new List<TaskItem>
        {
            Item("a1", "b2"),             // right
            Item("a3", "b2"),             // wrong
            Item("a2", "b2"),             // a pair tied: ½ honest, 1 official
            Item("a1", "b1", "c1"),       // three tied at the top: ⅓ honest, 1 official
            Item("a1", "b1", "c4"),       // two of three tied: ½ honest, 1 official
            Item("a5", "b1", "c1"),       // others tied above the first: wrong in both
            Item("a1", "b4", "c5", "d6"), // right among four
        };
        var task = ZeroShotTask.Create("planted", "planted", [new TaskGroup { Uid = "u", Phenomenon = "u", Items = items }]);
        var honest = ProbeEvaluator.Evaluate(task, scorer, TieMode.Half);
        var official = ProbeEvaluator.Evaluate(task, scorer, TieMode.Babylm);
        var (h, o) = (honest.Paradigms[0], official.Paradigms[0]);
        Assert.Equal((7, 2, 3), (h.Pairs, h.Correct, h.Ties));
        Assert.Equal((h.Pairs, h.Correct, h.Ties), (o.Pairs, o.Correct, o.Ties));
        Assert.Equal((2 + 0.5 + 1.0 / 3 + 0.5) / 7, h.Accuracy, 15);
        Assert.Equal((2 + 3) / 7.0, o.Accuracy, 15);
        // Remove the ties and the modes agree.
        var untied = ZeroShotTask.Create("planted", "planted", [new TaskGroup { Uid = "u", Phenomenon = "u", Items = [items[0], items[1], items[5], items[6]] }]);
        Assert.Equal(ProbeEvaluator.Evaluate(untied, scorer, TieMode.Half).Score, ProbeEvaluator.Evaluate(untied, scorer, TieMode.Babylm).Score);
        // The prediction is the official argmax's: the first of the highest.
        Assert.Equal([0, 1, 0, 0, 0, 1, 0], honest.Items.Select(i => i.Chosen));
    }

    [Fact]
    public void A_model_that_scores_everything_alike_gets_chance_by_default_and_full_marks_or_nan_officially()
    {
        var constant = new TableScorer(_ => -3);
        var tasks = ZeroShotData.FullTasks.Value;
        var entity = tasks.Single(t => t.Name == "entity_tracking");
        // Chance among k options: 1/k per item; entity tracking averages UIDs within files, then files.
        double ExpectedChance(ZeroShotTask t) => t.Groups.GroupBy(g => g.Phenomenon)
            .Average(p => p.Average(g => g.Items.Average(i => 1.0 / i.Candidates.Count)));
        Assert.Equal(ExpectedChance(entity), ProbeEvaluator.Evaluate(entity, constant, TieMode.Half).Score, 12);
        Assert.Equal(1.0, ProbeEvaluator.Evaluate(entity, constant, TieMode.Babylm).Score);
        var wug = tasks.Single(t => t.Name == "wug_adj");
        Assert.Equal(0.0, ProbeEvaluator.Evaluate(wug, constant, TieMode.Half).Score);
        Assert.True(double.IsNaN(ProbeEvaluator.Evaluate(wug, constant, TieMode.Babylm).Score));
        Assert.Equal(wug.ItemCount, ProbeEvaluator.Evaluate(wug, constant, TieMode.Half).Paradigms[0].Ties);
    }

    [Fact]
    public void Spearman_matches_a_hand_computed_value_with_ties_in_both_samples()
    {
        // ranks x: 1, 2.5, 2.5, 4, 5; ranks y: 2, 1, 3.5, 3.5, 5; deviations from 3: Σdxdy = 7.25, Σdx² = Σdy² = 9.5.
        Assert.Equal(7.25 / 9.5, Spearman.Rho([1, 2, 2, 3, 4], [2, 1, 3, 3, 5]), 15);
        Assert.Equal([1, 2.5, 2.5, 4, 5], Spearman.Ranks([1, 2, 2, 3, 4]));
        Assert.Equal(-1, Spearman.Rho([1, 2, 3], [30, 20, 10]), 15);
        Assert.True(double.IsNaN(Spearman.Rho([1, 1, 1], [1, 2, 3])));
        Assert.True(double.IsNaN(Spearman.Rho([1], [2])));
    }

    [Fact]
    public void Wug_preference_is_the_softmax_share_of_the_first_alternative()
    {
        var item = new ItemScore("w", "w", 0, null, [new Candidate("a"), new Candidate("b")], [-1.0, -2.0], [1, 1], 0.5);
        Assert.Equal(1 / (1 + Math.Exp(-1)), item.PreferenceForFirst, 15);
        var three = item with { Candidates = [new Candidate("a"), new Candidate("b"), new Candidate("c")], Scores = [-1.0, -1.0, -1.0 - Math.Log(2)] };
        Assert.Equal(0.4, three.PreferenceForFirst, 15);
        var extreme = item with { Scores = [-1000.0, 0.0] };
        Assert.Equal(0.0, extreme.PreferenceForFirst);
    }

    [Fact]
    public void Aggregation_matches_hand_computed_values()
    {
        // Entity tracking: regular_0 1/1, regular_1 1/2, ambiref_0 0/1 → files 0.75 and 0 → task 0.375 (the flat mean would be 0.5).
        var scorer = new TableScorer(c => c.Completion.StartsWith("right", StringComparison.Ordinal) ? -1 : -2);
        TaskItem E(bool right) => new([new Candidate("p " + (right ? "right" : "wrong0"), 2), new Candidate("p " + (right ? "wrong1" : "right1"), 2)]);
        var task = ZeroShotTask.Create("entity_tracking", "x", [
            new TaskGroup { Uid = "ambiref_0_ops", Phenomenon = "ambiref", Items = [E(false)] },
            new TaskGroup { Uid = "regular_0_ops", Phenomenon = "regular", Items = [E(true)] },
            new TaskGroup { Uid = "regular_1_ops", Phenomenon = "regular", Items = [E(true), E(false)] },
        ], meanOfPhenomena: true, officialName: "entity_tracking");
        var r = ProbeEvaluator.Evaluate(task, scorer, TieMode.Half);
        Assert.Equal([0.0, 1.0, 0.5], r.Paradigms.Select(p => p.Accuracy));
        Assert.Equal(0.375, r.Score, 15);
        Assert.Equal([0.5, 0.25, 0.25], r.Paradigms.Select(p => p.Weight!.Value));
        var lines = r.ToLines(10, 1000, full: true).ToList();
        Assert.Equal(0.375, lines.Sum(l => l.Weight!.Value * l.Accuracy), 15);
        // Without the file level: the unweighted mean over UIDs, and no weights written.
        var flat = ProbeEvaluator.Evaluate(task with { MeanOfPhenomena = false }, scorer, TieMode.Half);
        Assert.Equal(0.5, flat.Score, 15);
        Assert.All(flat.ToLines(10, 1000, true), l => Assert.Null(l.Weight));
        // Subsampling takes the first items of each UID.
        Assert.Equal([1, 1, 1], ProbeEvaluator.Evaluate(task, scorer, TieMode.Half, itemsPerGroup: 1).Paradigms.Select(p => p.Pairs));
    }

    [Fact]
    public void Spearman_lines_name_their_metric_and_minimal_pair_lines_stay_as_they_were()
    {
        var constant = new TableScorer(c => -c.Text.Length);
        var wug = ProbeEvaluator.Evaluate(ZeroShotData.FullTasks.Value.Single(t => t.Name == "wug_adj"), constant, TieMode.Half);
        var line = Assert.Single(wug.ToLines(1, 1, true));
        Assert.Equal("spearman", line.Metric);
        Assert.Contains("\"metric\":\"spearman\"", JsonSerializer.Serialize(line, BabyLm.Core.Json.Line));
        var blimp = ProbeEvaluator.Evaluate(ZeroShotData.FullTasks.Value[0], constant, TieMode.Half);
        var json = JsonSerializer.Serialize(blimp.ToLines(1, 1, true).First(), BabyLm.Core.Json.Line);
        Assert.DoesNotContain("metric", json);
        Assert.DoesNotContain("weight", json);
    }

    [Fact]
    public void The_submission_has_the_official_ids_predictions_and_wug_probabilities()
    {
        using var dir = new TempDir();
        var scorer = new TableScorer(c => -c.Text.Length);
        var results = ZeroShotData.FullTasks.Value.Select(t => ProbeEvaluator.Evaluate(t, scorer, TieMode.Babylm)).ToList();
        var path = Path.Combine(dir.Path, "submission.json");
        EvaluationFiles.WriteSubmission(path, results);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        Assert.Equal(["blimp", "blimp_supplement", "ewok", "entity_tracking", "wug_adj", "wug_past", "comps"], root.EnumerateObject().Select(p => p.Name));
        // BLiMP ids count items within the UID from 0 (not the pairIDs 0, 3, 7 of the file); shorter sentence wins here.
        var blimp = root.GetProperty("blimp").GetProperty("anaphor_gender_agreement").GetProperty("predictions");
        Assert.Equal(["anaphor_gender_agreement_0", "anaphor_gender_agreement_1", "anaphor_gender_agreement_2"], blimp.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("Carl hurt himself.", blimp[1].GetProperty("pred").GetString());
        // EWoK predicts the completion with its leading space; entity tracking the option; COMPS the whole sentence.
        Assert.Equal(" Ali wants to eat.", root.GetProperty("ewok").GetProperty("agent-properties").GetProperty("predictions")[0].GetProperty("pred").GetString());
        // (" the map." and " nothing." tie as the shortest: the first of them is the prediction.)
        Assert.Equal(" the map.", root.GetProperty("entity_tracking").GetProperty("regular_0_ops").GetProperty("predictions")[0].GetProperty("pred").GetString());
        Assert.Equal("A dog can bark.", root.GetProperty("comps").GetProperty("base").GetProperty("predictions")[0].GetProperty("pred").GetString());
        var wug = root.GetProperty("wug_adj").GetProperty("wug_adj").GetProperty("predictions")[0];
        Assert.Equal("wug_adj_0", wug.GetProperty("id").GetString());
        // Alternative 0 ("…dapishness.") is one character longer than 1 ("…dapishity."): p0 = 1 / (1 + e).
        Assert.Equal(1 / (1 + Math.E), wug.GetProperty("prob").GetDouble(), 12);
        Assert.Equal("Sally is very dapish. She is known for her dapishity.", wug.GetProperty("pred").GetString());
        Assert.False(root.TryGetProperty("fast_eval_results", out _));
    }

    private static ProbeLine Line(long step, long words, string suite, string uid, double accuracy, string tie = "babylm", string scorer = "clm-sum-nobos") => new()
    {
        Step = step, WordsSeen = words, Suite = suite, SuiteVersion = "v", Paradigm = uid, Phenomenon = uid, Pairs = 10, Correct = 5, Ties = 0,
        Accuracy = accuracy, Scorer = scorer, TieMode = tie, Full = false,
    };

    [Fact]
    public void Fast_eval_results_take_the_first_evaluation_at_each_milestone()
    {
        var lines = new List<ProbeLine>
        {
            Line(10, 900_000, "ewok_fast", "a", 0.1),            // before 1M: not a checkpoint
            Line(12, 1_000_400, "ewok_fast", "a", 0.2), Line(12, 1_000_400, "ewok_fast", "b", 0.3), // crossed 1M → chck_1M
            Line(14, 1_500_000, "ewok_fast", "a", 0.9),          // between milestones: not one
            Line(20, 2_000_100, "ewok_fast", "a", 0.4),          // chck_2M
            Line(40, 4_200_000, "ewok_fast", "a", 0.5),          // 3M was skipped by this run's evaluations; 4M
            Line(20, 2_000_100, "ewok_fast", "a", 0.8, tie: "half", scorer: "clm-sum"), // another mode: not mixed in
            Line(20, 2_000_100, "ewok", "a", 0.7),               // a full task: not a fast-eval score
            Line(12, 1_000_400, "wug_adj_fast", "wug_adj", -0.25),
        };
        var fast = EvaluationFiles.FastHistory(lines, "clm-sum-nobos", "babylm");
        Assert.Equal(["ewok", "wug_adj"], fast.Keys.Order());
        Assert.Equal(["chck_1M", "chck_2M", "chck_4M"], fast["ewok"].Select(r => r.Revision));
        Assert.Equal(0.3, fast["ewok"][0].Scores["b"]);
        Assert.Equal([0.2, 0.4, 0.5], fast["ewok"].Select(r => r.Scores["a"]));
        Assert.Equal(-0.25, fast["wug_adj"][0].Scores["wug_adj"]);
        Assert.Equal("chck_1000M", EvaluationFiles.RevisionName(1_000_000_000));

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "s.json");
        EvaluationFiles.WriteSubmission(path, [], fast);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var ewok = doc.RootElement.GetProperty("fast_eval_results").GetProperty("ewok");
        Assert.Equal(3, ewok.GetArrayLength());
        Assert.Equal(0.4, ewok[1].GetProperty("a").GetDouble());
    }
}
