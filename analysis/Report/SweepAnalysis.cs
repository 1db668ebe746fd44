// The numbers of a report, computed from runs.db and independent of how they are printed: which runs
// count (finished ones with an evaluation on the suite), how they group into conditions (the values of
// one config key) and pair up across conditions (by seed, and by any other key that varies within a
// condition), each condition's suite accuracy as mean ± 95% t-interval over its runs, paired
// differences against the baseline condition with a paired t-test, an exact sign-flip test and Holm's
// correction, the same per phenomenon and field, paradigm means, learning curves, the n-gram baselines
// and the provenance. Accuracies are in percent, differences in percentage points.
using System.Globalization;
using BabyLm.Analysis.Statistics;
using BabyLm.Core;
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis;

/// <summary>What to compare: the config key whose values are the conditions, the baseline value, the suite, and filters.</summary>
public sealed record AnalysisOptions
{
    /// <summary>
    /// Config key whose values are the conditions, e.g. curriculum.order; or several, comma-separated
    /// (curriculum.order,curriculum.pacing), whose value combinations are the conditions ("random / none").
    /// </summary>
    public required string By { get; init; }
    /// <summary>The condition the others are compared with (for several keys: "v1 / v2"); default: the first in sorted order.</summary>
    public string? Baseline { get; init; }
    /// <summary>Probe suite; default: the only one, else the one most runs were evaluated on.</summary>
    public string? Suite { get; init; }
    /// <summary>Keep only runs whose config has key=value (each entry "key=value").</summary>
    public IReadOnlyList<string> Where { get; init; } = [];
    public double Level { get; init; } = Describe.Level95;
}

/// <summary>One run as the report sees it.</summary>
public sealed record RunSummary
{
    public required string Id { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public required string Condition { get; init; }
    /// <summary>The pairing label: the values of the pairing keys, e.g. "seed=2".</summary>
    public required string Pair { get; init; }
    public bool Included { get; init; }
    /// <summary>Why a run is not in the statistics (running, failed, no evaluation on the suite).</summary>
    public string? Reason { get; init; }
    public double? Accuracy { get; init; }
    public long? EvalStep { get; init; }
    public long? EvalWords { get; init; }
    public bool FullEval { get; init; }
    public string? ConfigHash { get; init; }
    public string? GitCommit { get; init; }
    public string? Host { get; init; }
    public string? Cpu { get; init; }
    public string? Isa { get; init; }
    public long? Threads { get; init; }
    public string? DotnetVersion { get; init; }
    public long? Step { get; init; }
    public long? TotalSteps { get; init; }
    public long? WordsSeen { get; init; }
    public string? StartedAt { get; init; }
    public string? EndedAt { get; init; }
}

/// <summary>A condition's score, and its paired comparison with the baseline (null for the baseline itself).</summary>
public sealed record ConditionResult(string Condition, MeanCi Score, PairedResult? VsBaseline)
{
    /// <summary>Holm-adjusted p of the t-test over the family of comparisons.</summary>
    public double HolmP { get; init; } = double.NaN;
    public double HolmPermutationP { get; init; } = double.NaN;
}

/// <summary>One group (phenomenon or field) across conditions.</summary>
public sealed record GroupResult(string Name, int Paradigms, IReadOnlyList<ConditionResult> Conditions)
{
    /// <summary>n-gram baselines' accuracy on this group (by baseline name).</summary>
    public IReadOnlyDictionary<string, double> Baselines { get; init; } = new Dictionary<string, double>();
}

/// <summary>A paradigm's mean accuracy per condition (NaN where no run has it).</summary>
public sealed record ParadigmResult(string Paradigm, string Phenomenon, string? Field, IReadOnlyList<MeanCi> Conditions)
{
    public IReadOnlyDictionary<string, double> Baselines { get; init; } = new Dictionary<string, double>();
}

/// <summary>One point of a learning curve: a condition's runs at one step.</summary>
public sealed record CurvePoint(long Step, double Words, double Mean, double Min, double Max, int N);

/// <summary>
/// One suite of the sweep at a glance: its metric and chance level, each condition's final score over
/// the finished runs evaluated on it (with the paired comparison against the baseline, Holm-adjusted over
/// every suite × condition), and its learning curves — for the BabyLM tasks, the fast variants scored
/// during training and the full ones at the end.
/// </summary>
public sealed record SuiteOverview(string Suite, string Metric, double ChancePct, int Runs, int Paradigms,
    IReadOnlyList<ConditionResult> Conditions, IReadOnlyList<IReadOnlyList<CurvePoint>> Curves)
{
    public bool IsCorrelation => Metric == "spearman";
}

public sealed class SweepAnalysis
{
    public required string Sweep { get; init; }
    /// <summary>The condition key(s) for display ("curriculum.order", or "curriculum.order / curriculum.pacing").</summary>
    public required string By { get; init; }
    /// <summary>The condition key(s) as given to --by.</summary>
    public required IReadOnlyList<string> ByKeys { get; init; }
    public required string Baseline { get; init; }
    public required string Suite { get; init; }
    public required double Level { get; init; }
    /// <summary>Conditions, baseline first, then the others in natural order (numbers numerically).</summary>
    public required IReadOnlyList<string> Conditions { get; init; }
    /// <summary>Keys runs are paired by across conditions (seed, and any other key that varies within a condition).</summary>
    public required IReadOnlyList<string> PairKeys { get; init; }
    /// <summary>Keys that vary only together with the --by key (reported, not paired on).</summary>
    public required IReadOnlyList<string> CompanionKeys { get; init; }
    public required IReadOnlyList<string> Where { get; init; }
    public required IReadOnlyList<RunSummary> Runs { get; init; }
    /// <summary>Runs left out by --where.</summary>
    public required int FilteredOut { get; init; }
    /// <summary>Suite accuracy per condition, in <see cref="Conditions"/> order.</summary>
    public required IReadOnlyList<ConditionResult> Main { get; init; }
    public required IReadOnlyList<GroupResult> Phenomena { get; init; }
    public required IReadOnlyList<GroupResult> Fields { get; init; }
    public required IReadOnlyList<ParadigmResult> Paradigms { get; init; }
    /// <summary>Learning curves of suite accuracy and of dev loss, per condition.</summary>
    public required IReadOnlyList<IReadOnlyList<CurvePoint>> AccuracyCurves { get; init; }
    public required IReadOnlyList<IReadOnlyList<CurvePoint>> DevLossCurves { get; init; }
    /// <summary>n-gram baselines' suite accuracy (by name, e.g. unigram, bigram).</summary>
    public required IReadOnlyDictionary<string, double> Baselines { get; init; }
    public required IReadOnlyList<string> SuiteVersions { get; init; }
    public required IReadOnlyList<string> Scorers { get; init; }
    public required IReadOnlyList<string> TieModes { get; init; }
    public required int SuiteParadigms { get; init; }
    /// <summary>Things a reader must know (mixed suite versions, unpaired runs, single runs, …).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>What the suite's score is: accuracy, or spearman (ρ, shown ×100) for the WUG tasks.</summary>
    public string Metric { get; init; } = "accuracy";
    /// <summary>The suite's chance level in percent: 50 for pairs, the accuracy of guessing among more candidates, 0 for ρ.</summary>
    public double ChancePct { get; init; } = 50;
    /// <summary>Every suite the runs were evaluated on, in name order (the report's "All suites" section when there are several).</summary>
    public IReadOnlyList<SuiteOverview> AllSuites { get; init; } = [];

    public bool IsCorrelation => Metric == "spearman";
    /// <summary>"accuracy", or "Spearman ρ" (ρ × 100 in tables and plots).</summary>
    public string ScoreWord => IsCorrelation ? "Spearman ρ" : "accuracy";
    /// <summary>The unit of scores and differences: "%" and "pp" for accuracy, "×100" and "ρ×100" for ρ.</summary>
    public string Unit => IsCorrelation ? "×100" : "%";
    public string DiffUnit => IsCorrelation ? "ρ×100" : "pp";

    public IEnumerable<RunSummary> Included => Runs.Where(r => r.Included);

    public const string Chance = "chance";

    /// <summary>Computes the analysis from a sweep's run table; bad options are errors that list what is there.</summary>
    public static SweepAnalysis Compute(RunDatabase db, AnalysisOptions options)
    {
        var warnings = new List<string>();
        var configColumns = db.ConfigColumns();
        var allRuns = db.Query("SELECT * FROM runs ORDER BY run_id").Rows;
        if (allRuns.Count == 0)
            throw new BabyLmException($"sweep '{db.Sweep.Root}' has no runs yet", "start it with `babylm sweep <spec>`, then report");

        // --where filters.
        var filters = options.Where.Select(ParseWhere).ToList();
        foreach (var (key, _) in filters) CheckKey(key, configColumns, "--where key");
        var runs = allRuns.Where(r => filters.All(f => r.Text(f.Key) == f.Value)).ToList();
        if (runs.Count == 0)
            throw new BabyLmException($"no run matches --where {string.Join(" ", options.Where)}",
                "values there are: " + string.Join("; ", filters.Select(f => $"{f.Key}: {string.Join(", ", Distinct(allRuns, f.Key))}")));

        // --by: a config key that varies.
        var varying = configColumns.Where(k => Distinct(runs, k).Count > 1).ToList();
        var byKeys = options.By.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (byKeys.Count == 0) throw new BabyLmException("--by needs a config key", $"keys that vary across runs: {string.Join(", ", varying)}");
        foreach (var key in byKeys) CheckKey(key, configColumns, "--by key", varying);
        string by = string.Join(" / ", byKeys);
        string ConditionOf(Row r) => string.Join(" / ", byKeys.Select(r.Text));
        var values = DistinctConditions(runs.Select(ConditionOf));
        if (values.Count < 2)
            throw new BabyLmException($"--by {options.By} does not vary: every run has {by} = {values.Single()}",
                varying.Count > 0 ? $"keys that vary across runs: {string.Join(", ", varying)}" : "no config key varies across these runs");

        string baseline = options.Baseline is { } given ? string.Join(" / ", given.Split('/').Select(v => v.Trim())) : values[0];
        if (!values.Contains(baseline))
            throw new BabyLmException($"--baseline '{baseline}': no run has {by} = {baseline}" + DidYouMean(baseline, values),
                $"values of {by}: {string.Join(", ", values)}");
        var conditions = new List<string> { baseline };
        conditions.AddRange(values.Where(v => v != baseline));

        // Pairing: keys that vary within a condition pair runs across conditions; keys fixed within
        // each condition (companions of --by, e.g. a zipped pacing) and the free-text name do not.
        var (companions, pairKeys) = Pairing.Split(varying, byKeys, runs, ConditionOf, (r, k) => r.Text(k));
        if (pairKeys.Count == 0) warnings.Add($"nothing varies within a condition (no seeds?): runs cannot be paired, so no paired tests.");
        else if (pairKeys.Any(k => k != "seed"))
            warnings.Add($"runs are paired by {string.Join(", ", pairKeys)}: keys other than seed vary within conditions, so each condition's mean also averages over them; use --where to fix them.");

        // Suite.
        var suites = db.Query("SELECT suite, COUNT(DISTINCT run_id) AS runs FROM probes GROUP BY suite ORDER BY runs DESC, suite").Rows
            .Select(r => (Name: r.Text("suite"), Runs: r.Long("runs"))).ToList();
        if (suites.Count == 0)
            throw new BabyLmException("no run has probe results yet (probes.jsonl)", "report needs evaluations; runs write them during and at the end of training");
        string suite = options.Suite ?? suites[0].Name;
        if (!suites.Any(s => s.Name == suite))
            throw new BabyLmException($"--suite '{suite}': no run was evaluated on it" + DidYouMean(suite, suites.Select(s => s.Name).ToList()),
                $"suites with results: {string.Join(", ", suites.Select(s => $"{s.Name} ({s.Runs} runs)"))}");

        // Final scores per run on the suite.
        var final = db.Query("SELECT run_id, step, words_seen, accuracy, paradigms, full, metric, chance FROM last_suite_scores WHERE suite = $s", ("$s", suite)).Rows
            .ToDictionary(r => r.Text("run_id"), r => r, StringComparer.Ordinal);

        var summaries = new List<RunSummary>();
        foreach (var r in runs)
        {
            string id = r.Text("run_id"), status = r.Text("status");
            final.TryGetValue(id, out var f);
            string? reason = status != RunFiles.Status.Done ? StatusReason(r)
                : f is null ? $"finished, but not evaluated on {suite}" : null;
            summaries.Add(new RunSummary
            {
                Id = id, Status = status, Error = r.IsNull("error") ? null : r.Text("error"),
                Condition = ConditionOf(r), Pair = pairKeys.Count == 0 ? "-" : string.Join(", ", pairKeys.Select(k => $"{k}={r.Text(k)}")),
                Included = reason is null, Reason = reason,
                Accuracy = f is null ? null : 100 * f.Double("accuracy"), EvalStep = f?.Long("step"), EvalWords = f?.Long("words_seen"),
                FullEval = f is not null && f.Long("full") == 1,
                ConfigHash = Opt(r, "config_hash"), GitCommit = Opt(r, "git_commit"), Host = Opt(r, "host"), Cpu = Opt(r, "cpu"), Isa = Opt(r, "isa"),
                Threads = r.IsNull("threads_used") ? null : r.Long("threads_used"), DotnetVersion = Opt(r, "dotnet_version"),
                Step = r.IsNull("step") ? null : r.Long("step"), TotalSteps = r.IsNull("total_steps") ? null : r.Long("total_steps"),
                WordsSeen = r.IsNull("words_seen") ? null : r.Long("words_seen"), StartedAt = Opt(r, "started_at"), EndedAt = Opt(r, "ended_at"),
            });
        }
        var included = summaries.Where(s => s.Included).ToList();
        if (included.Count == 0)
            throw new BabyLmException($"no finished run has results on suite {suite} yet",
                "statuses: " + string.Join(", ", summaries.GroupBy(s => s.Status).Select(g => $"{g.Count()} {g.Key}")));
        var includedIds = included.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var byRun = included.ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Cells: (condition, pair) → runs. Duplicates (same pair twice in a condition) are averaged, with a warning.
        foreach (var dup in included.GroupBy(s => (s.Condition, s.Pair)).Where(g => g.Count() > 1))
            warnings.Add($"{dup.Count()} runs share {by}={dup.Key.Condition}, {dup.Key.Pair}: averaged into one.");
        foreach (var c in conditions.Where(c => included.Count(s => s.Condition == c) == 0))
            warnings.Add($"condition {by}={c} has no finished run with results: it is listed but has no score.");
        foreach (var c in conditions.Where(c => included.Count(s => s.Condition == c) == 1))
            warnings.Add($"condition {by}={c} has a single run: no confidence interval.");
        var steps = included.Select(s => s.EvalStep).Distinct().ToList();
        if (steps.Count > 1) warnings.Add($"runs were last evaluated at different steps ({string.Join(", ", steps.Order())}): scores compare unequal training.");
        var partial = included.Where(s => !s.FullEval).ToList();
        if (partial.Count > 0) warnings.Add($"{partial.Count} run(s) were last evaluated on a subsample of pairs (not the final full evaluation): {string.Join(", ", partial.Select(s => s.Id))}.");

        // Main table.
        var main = Compare(conditions, baseline, included.Select(s => (s.Condition, s.Pair, s.Accuracy!.Value)).ToList(), options.Level, warnings, "suite accuracy");

        // Phenomena and fields.
        var baselineRows = db.Query("SELECT baseline, paradigm, phenomenon, field, accuracy FROM baselines WHERE suite = $s ORDER BY baseline, paradigm", ("$s", suite)).Rows;
        var baselineNames = baselineRows.Select(r => r.Text("baseline")).Distinct().ToList();
        var phenomena = Groups(db, "last_phenomenon_scores", "phenomenon", suite, conditions, baseline, byRun, options.Level, baselineRows);
        var fields = Groups(db, "last_field_scores", "field", suite, conditions, baseline, byRun, options.Level, baselineRows);

        // Paradigms, with suite metadata.
        var probes = db.Query("SELECT run_id, paradigm, phenomenon, field, accuracy, suite_version, scorer, tie_mode FROM last_probes WHERE suite = $s", ("$s", suite)).Rows
            .Where(r => includedIds.Contains(r.Text("run_id"))).ToList();
        var paradigms = probes.GroupBy(r => r.Text("paradigm")).OrderBy(g => g.First().Text("phenomenon"), StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParadigmResult(g.Key, g.First().Text("phenomenon"), g.First().IsNull("field") ? null : g.First().Text("field"),
                conditions.Select(c => Describe.MeanWithCi(CellMeans(g.Where(r => byRun[r.Text("run_id")].Condition == c)
                    .Select(r => (byRun[r.Text("run_id")].Pair, 100 * r.Double("accuracy")))).Values.ToList(), options.Level)).ToList())
            {
                Baselines = baselineRows.Where(b => b.Text("paradigm") == g.Key).ToDictionary(b => b.Text("baseline"), b => 100 * b.Double("accuracy")),
            }).ToList();
        var versions = probes.Select(r => r.Text("suite_version")).Distinct().Order(StringComparer.Ordinal).ToList();
        var scorers = probes.Select(r => r.Text("scorer")).Distinct().Order(StringComparer.Ordinal).ToList();
        var tieModes = probes.Select(r => r.Text("tie_mode")).Distinct().Order(StringComparer.Ordinal).ToList();
        if (versions.Count > 1) warnings.Add($"runs were scored on different versions of {suite}: {string.Join(", ", versions)}.");
        var baselineVersions = db.Query("SELECT DISTINCT suite_version FROM baselines WHERE suite = $s", ("$s", suite)).Rows
            .Where(r => !r.IsNull("suite_version")).Select(r => r.Text("suite_version")).Except(versions).Order(StringComparer.Ordinal).ToList();
        if (baselineVersions.Count > 0)
            warnings.Add($"the n-gram baselines were scored on another version of {suite} ({string.Join(", ", baselineVersions)}) than the runs "
                + $"({string.Join(", ", versions)}): refit them (babylm baselines) before reading the runs against them.");
        if (scorers.Count > 1) warnings.Add($"runs were scored with different scorers: {string.Join(", ", scorers)}.");
        if (tieModes.Count > 1) warnings.Add($"runs counted ties differently: {string.Join(", ", tieModes)}.");
        var paradigmCounts = probes.GroupBy(r => r.Text("run_id")).Select(g => g.Count()).Distinct().ToList();
        if (paradigmCounts.Count > 1) warnings.Add($"runs were scored on different numbers of paradigms ({string.Join(", ", paradigmCounts.Order())}).");

        // Learning curves.
        var accuracyCurves = Curves(db.Query("SELECT run_id, step, words_seen, accuracy AS value FROM suite_scores WHERE suite = $s", ("$s", suite)).Rows,
            conditions, byRun, 100);
        var devCurves = Curves(db.Query("SELECT run_id, step, words_seen, dev_loss AS value FROM dev_losses").Rows, conditions, byRun, 1);

        var suiteBaselines = db.Query("SELECT baseline, accuracy FROM baseline_suite_scores WHERE suite = $s", ("$s", suite)).Rows
            .ToDictionary(r => r.Text("baseline"), r => 100 * r.Double("accuracy"), StringComparer.Ordinal);
        var finalOfIncluded = included.Select(s => final[s.Id]).ToList();
        string metric = finalOfIncluded.Select(r => r.IsNull("metric") ? "accuracy" : r.Text("metric")).Max(StringComparer.Ordinal) ?? "accuracy";
        double chancePct = 100 * finalOfIncluded.Average(r => r.IsNull("chance") ? (metric == "spearman" ? 0 : 0.5) : r.Double("chance"));
        var allSuites = Overviews(db, suites.Select(x => x.Name).ToList(), summaries, conditions, baseline, options.Level);

        return new SweepAnalysis
        {
            Sweep = db.Sweep.Name, By = by, ByKeys = byKeys, Baseline = baseline, Suite = suite, Level = options.Level, Conditions = conditions,
            PairKeys = pairKeys, CompanionKeys = companions, Where = options.Where, Runs = summaries, FilteredOut = allRuns.Count - runs.Count,
            Main = main, Phenomena = phenomena, Fields = fields, Paradigms = paradigms, AccuracyCurves = accuracyCurves, DevLossCurves = devCurves,
            Baselines = suiteBaselines, SuiteVersions = versions, Scorers = scorers, TieModes = tieModes,
            SuiteParadigms = probes.Select(r => r.Text("paradigm")).Distinct().Count(), Warnings = warnings,
            Metric = metric, ChancePct = chancePct, AllSuites = allSuites,
        };
    }

    /// <summary>Each suite's final scores per condition (finished runs evaluated on it) and learning curves.</summary>
    private static List<SuiteOverview> Overviews(RunDatabase db, IReadOnlyList<string> suites, IReadOnlyList<RunSummary> runs,
        IReadOnlyList<string> conditions, string baseline, double level)
    {
        var done = runs.Where(r => r.Status == RunFiles.Status.Done).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var overviews = new List<SuiteOverview>();
        foreach (var suite in suites.Order(StringComparer.Ordinal))
        {
            var final = db.Query("SELECT run_id, accuracy, paradigms, metric, chance FROM last_suite_scores WHERE suite = $s", ("$s", suite)).Rows
                .Where(r => done.ContainsKey(r.Text("run_id")) && !r.IsNull("accuracy")).ToList();
            if (final.Count == 0) continue;
            string metric = final.Select(r => r.IsNull("metric") ? "accuracy" : r.Text("metric")).Max(StringComparer.Ordinal)!;
            double chance = 100 * final.Average(r => r.IsNull("chance") ? (metric == "spearman" ? 0 : 0.5) : r.Double("chance"));
            var scores = Compare(conditions, baseline,
                final.Select(r => (done[r.Text("run_id")].Condition, done[r.Text("run_id")].Pair, 100 * r.Double("accuracy"))).ToList(), level);
            var byRun = final.Select(r => done[r.Text("run_id")]).ToDictionary(r => r.Id, StringComparer.Ordinal);
            var curves = Curves(db.Query("SELECT run_id, step, words_seen, accuracy AS value FROM suite_scores WHERE suite = $s", ("$s", suite)).Rows,
                conditions, byRun, 100);
            overviews.Add(new SuiteOverview(suite, metric, chance, final.Count, (int)final.Max(r => r.Long("paradigms")), scores, curves));
        }
        // Holm over the family: every suite × every non-baseline condition.
        var flat = overviews.SelectMany((o, oi) => o.Conditions.Select((c, ci) => (oi, ci, c))).Where(x => x.c.VsBaseline is not null).ToList();
        var holm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.P).ToList());
        var holmPerm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.PermutationP).ToList());
        var adjusted = overviews.Select(o => o.Conditions.ToList()).ToList();
        for (int k = 0; k < flat.Count; k++)
            adjusted[flat[k].oi][flat[k].ci] = flat[k].c with { HolmP = holm[k], HolmPermutationP = holmPerm[k] };
        return overviews.Select((o, i) => o with { Conditions = adjusted[i] }).ToList();
    }

    /// <summary>
    /// Each condition's mean ± CI over its cells, and for each non-baseline condition the paired
    /// comparison with the baseline over the pairs both have, Holm-adjusted over the family.
    /// </summary>
    public static List<ConditionResult> Compare(IReadOnlyList<string> conditions, string baseline,
        IReadOnlyList<(string Condition, string Pair, double Value)> values, double level, List<string>? warnings = null, string? what = null)
    {
        var cells = conditions.ToDictionary(c => c, c => CellMeans(values.Where(v => v.Condition == c).Select(v => (v.Pair, v.Value))));
        var results = new List<ConditionResult>();
        foreach (var c in conditions)
        {
            var score = Describe.MeanWithCi(cells[c].Values.ToList(), level);
            PairedResult? paired = null;
            if (c != baseline)
            {
                var common = cells[c].Keys.Where(cells[baseline].ContainsKey).Order(StringComparer.Ordinal).ToList();
                int unpaired = cells[c].Count - common.Count;
                if (unpaired > 0 && warnings is not null && what is not null)
                    warnings.Add($"{what}: {unpaired} run(s) of {c} have no partner in {baseline} (same pairing keys) and are left out of the paired test.");
                paired = PairedTest.Compare(common.Select(p => cells[c][p]).ToList(), common.Select(p => cells[baseline][p]).ToList(), level);
            }
            results.Add(new ConditionResult(c, score, paired));
        }
        var holm = Holm.Adjust(results.Select(r => r.VsBaseline?.P ?? double.NaN).ToList());
        var holmPerm = Holm.Adjust(results.Select(r => r.VsBaseline?.PermutationP ?? double.NaN).ToList());
        return results.Select((r, i) => r with { HolmP = holm[i], HolmPermutationP = holmPerm[i] }).ToList();
    }

    /// <summary>Pair label → value, averaging duplicates.</summary>
    private static Dictionary<string, double> CellMeans(IEnumerable<(string Pair, double Value)> values)
        => values.GroupBy(v => v.Pair, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(v => v.Value), StringComparer.Ordinal);

    private static List<GroupResult> Groups(RunDatabase db, string view, string column, string suite, IReadOnlyList<string> conditions, string baseline,
        Dictionary<string, RunSummary> byRun, double level, IReadOnlyList<Row> baselineRows)
    {
        var rows = db.Query($"SELECT run_id, {column} AS name, accuracy, paradigms FROM {view} WHERE suite = $s", ("$s", suite)).Rows
            .Where(r => byRun.ContainsKey(r.Text("run_id")) && !r.IsNull("name")).ToList();
        var groups = rows.GroupBy(r => r.Text("name")).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var results = groups.Select(g => new GroupResult(g.Key, (int)g.Max(r => r.Long("paradigms")),
            Compare(conditions, baseline, g.Select(r => (byRun[r.Text("run_id")].Condition, byRun[r.Text("run_id")].Pair, 100 * r.Double("accuracy"))).ToList(), level))
        {
            Baselines = baselineRows.Where(b => !b.IsNull(column) && b.Text(column) == g.Key).GroupBy(b => b.Text("baseline"))
                .ToDictionary(b => b.Key, b => 100 * b.Average(x => x.Double("accuracy"))),
        }).ToList();
        // Holm over the whole family: every group × every non-baseline condition.
        var flat = results.SelectMany((g, gi) => g.Conditions.Select((c, ci) => (gi, ci, c))).Where(x => x.c.VsBaseline is not null).ToList();
        var holm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.P).ToList());
        var holmPerm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.PermutationP).ToList());
        var adjusted = results.Select(g => g.Conditions.ToList()).ToList();
        for (int k = 0; k < flat.Count; k++)
            adjusted[flat[k].gi][flat[k].ci] = flat[k].c with { HolmP = holm[k], HolmPermutationP = holmPerm[k] };
        return results.Select((g, i) => g with { Conditions = adjusted[i] }).ToList();
    }

    private static List<IReadOnlyList<CurvePoint>> Curves(IReadOnlyList<Row> rows, IReadOnlyList<string> conditions, Dictionary<string, RunSummary> byRun, double scale)
    {
        var relevant = rows.Where(r => byRun.ContainsKey(r.Text("run_id")) && !r.IsNull("value")).ToList();
        return conditions.Select(c => (IReadOnlyList<CurvePoint>)relevant.Where(r => byRun[r.Text("run_id")].Condition == c)
            .GroupBy(r => r.Long("step")).OrderBy(g => g.Key)
            .Select(g =>
            {
                var v = g.Select(r => scale * r.Double("value")).ToList();
                return new CurvePoint(g.Key, g.Average(r => r.Double("words_seen")), v.Average(), v.Min(), v.Max(), v.Count);
            }).ToList()).ToList();
    }

    private static string StatusReason(Row r)
    {
        string status = r.Text("status");
        string progress = r.IsNull("total_steps") || r.Long("total_steps") == 0 ? "" : $" (step {r.Long("step"):N0} of {r.Long("total_steps"):N0})";
        return status switch
        {
            RunFiles.Status.Failed => "failed" + (r.IsNull("error") ? "" : ": " + r.Text("error")),
            "invalid" => "unreadable: " + (r.IsNull("error") ? "" : r.Text("error")),
            _ => status + progress,
        };
    }

    private static string? Opt(Row r, string column) => r.IsNull(column) ? null : r.Text(column);

    /// <summary>Distinct values of a column as text, in natural order (numbers numerically).</summary>
    public static List<string> Distinct(IEnumerable<Row> rows, string column) => DistinctConditions(rows.Select(r => r.Text(column)));

    private static List<string> DistinctConditions(IEnumerable<string> labels)
    {
        var values = labels.Distinct(StringComparer.Ordinal).ToList();
        bool numeric = values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? values.OrderBy(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList()
            : values.Order(StringComparer.Ordinal).ToList();
    }

    internal static void CheckKey(string key, IReadOnlyList<string> columns, string what, IReadOnlyList<string>? varying = null)
    {
        if (columns.Contains(key)) return;
        var close = Suggest.Closest(key, columns);
        throw new BabyLmException($"{what} '{key}' is not a config key of these runs" + (close.Count > 0 ? $" (did you mean '{close[0]}'?)" : ""),
            varying is { Count: > 0 } ? $"keys that vary across runs: {string.Join(", ", varying)}" : $"config keys: {string.Join(", ", columns)}");
    }

    internal static (string Key, string Value) ParseWhere(string entry)
    {
        int eq = entry.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new BabyLmException($"--where '{entry}': expected key=value, e.g. --where model.layers=4");
        return (entry[..eq].Trim(), entry[(eq + 1)..].Trim());
    }

    private static string DidYouMean(string name, IReadOnlyList<string> allowed)
    {
        var close = Suggest.Closest(name, allowed);
        return close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
    }
}
