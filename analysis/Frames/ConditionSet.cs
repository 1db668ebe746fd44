// The conditions of a comparison as `babylm report --by` defines them, over DataFrames: which runs
// count (--where), which config key(s) name the conditions, the baseline, and how runs pair up
// across conditions (by seed, and by every other key that varies within a condition, the same rule
// as the report). Join attaches condition, pair and status to any frame with a run_id; Differences
// gives the paired differences by seed; Compare and CompareBy give the report's main table and its
// per-phenomenon table: mean ± t-interval per condition, paired t-test, exact sign-flip test, Holm.
using BabyLm.Core;
using BabyLm.Analysis.Statistics;
using Microsoft.Data.Analysis;

namespace BabyLm.Analysis;

public sealed class ConditionSet
{
    private readonly Dictionary<string, (string Condition, string Pair, string Status)> _byRun;

    private ConditionSet(IReadOnlyList<string> byKeys, string baseline, IReadOnlyList<string> conditions, IReadOnlyList<string> pairKeys,
        IReadOnlyList<string> companions, IReadOnlyList<string> where, DataFrame runs)
    {
        ByKeys = byKeys;
        Baseline = baseline;
        Conditions = conditions;
        PairKeys = pairKeys;
        CompanionKeys = companions;
        Where = where;
        Runs = runs;
        _byRun = new(StringComparer.Ordinal);
        for (long i = 0; i < runs.Rows.Count; i++)
            _byRun[(string)runs["run_id"][i]] = ((string)runs["condition"][i], (string)runs["pair"][i], Frames.Text(runs["status"][i]));
    }

    /// <summary>The condition key(s), as given to --by.</summary>
    public IReadOnlyList<string> ByKeys { get; }
    /// <summary>The condition key(s) for display: "curriculum.order" or "curriculum.order / curriculum.pacing".</summary>
    public string By => string.Join(" / ", ByKeys);
    public string Baseline { get; }
    /// <summary>Condition labels, baseline first, then the others in natural order (numbers numerically).</summary>
    public IReadOnlyList<string> Conditions { get; }
    /// <summary>Keys runs are paired by across conditions: seed, and any other key that varies within a condition.</summary>
    public IReadOnlyList<string> PairKeys { get; }
    /// <summary>Keys that vary only together with the condition (reported, not paired on).</summary>
    public IReadOnlyList<string> CompanionKeys { get; }
    public IReadOnlyList<string> Where { get; }
    /// <summary>One row per run that passed --where: run_id, status, condition, pair, then the --by and pairing keys.</summary>
    public DataFrame Runs { get; }

    /// <summary>Builds the conditions from a runs frame (see <see cref="SweepFrames.Conditions"/>); bad keys and values are errors listing what there is.</summary>
    public static ConditionSet Create(DataFrame runs, IReadOnlyList<string> configKeys, string by, string? baseline = null, IReadOnlyList<string>? where = null)
    {
        where ??= [];
        if (runs.Rows.Count == 0) throw new BabyLmException("this sweep has no runs yet", "start it with `babylm sweep <spec>`");
        var filters = where.Select(SweepAnalysis.ParseWhere).ToList();
        foreach (var (key, _) in filters) SweepAnalysis.CheckKey(key, configKeys, "--where key");
        var kept = runs.Where(r => true);
        foreach (var (key, value) in filters) kept = kept.Where(key, value);
        if (kept.Rows.Count == 0)
            throw new BabyLmException($"no run matches --where {string.Join(" ", where)}",
                "values there are: " + string.Join("; ", filters.Select(f => $"{f.Key}: {string.Join(", ", runs.Distinct(f.Key))}")));

        var varying = configKeys.Where(k => kept.Distinct(k).Count > 1).ToList();
        var byKeys = by.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (byKeys.Count == 0) throw new BabyLmException("--by needs a config key", $"keys that vary across runs: {string.Join(", ", varying)}");
        foreach (var key in byKeys) SweepAnalysis.CheckKey(key, configKeys, "--by key", varying);
        string byLabel = string.Join(" / ", byKeys);

        long n = kept.Rows.Count;
        var byCols = byKeys.Select(k => kept.Col(k)).ToList();
        var conditionOf = Enumerable.Range(0, (int)n).Select(i => string.Join(" / ", byCols.Select(c => Frames.Text(c[i])))).ToArray();
        var values = Frames.NaturalOrder(conditionOf);
        if (values.Count < 2)
            throw new BabyLmException($"--by {by} does not vary: every run has {byLabel} = {values.Single()}",
                varying.Count > 0 ? $"keys that vary across runs: {string.Join(", ", varying)}" : "no config key varies across these runs");
        string chosen = baseline is { } given ? string.Join(" / ", given.Split('/').Select(v => v.Trim())) : values[0];
        if (!values.Contains(chosen))
            throw new BabyLmException($"--baseline '{chosen}': no run has {byLabel} = {chosen}" + DidYouMean(chosen, values),
                $"values of {byLabel}: {string.Join(", ", values)}");
        var conditions = new List<string> { chosen };
        conditions.AddRange(values.Where(v => v != chosen));

        var texts = configKeys.ToDictionary(k => k, k => kept.Texts(k), StringComparer.Ordinal);
        var (companions, pairKeys) = Pairing.Split(varying, byKeys, Enumerable.Range(0, (int)n).ToList(), i => conditionOf[i], (i, k) => texts[k][i]);
        var pairOf = Enumerable.Range(0, (int)n)
            .Select(i => pairKeys.Count == 0 ? "-" : string.Join(", ", pairKeys.Select(k => $"{k}={texts[k][i]}"))).ToArray();

        var columns = new List<DataFrameColumn>
        {
            kept.Col("run_id").Clone(), kept.Col("status").Clone(),
            new StringDataFrameColumn("condition", conditionOf), new StringDataFrameColumn("pair", pairOf),
        };
        columns.AddRange(byKeys.Concat(pairKeys).Distinct().Select(k => kept.Col(k).Clone()));
        return new ConditionSet(byKeys, chosen, conditions, pairKeys, companions, where, new DataFrame(columns));
    }

    /// <summary>
    /// The rows of <paramref name="frame"/> (any frame with a run_id) whose run is in these conditions,
    /// with condition, pair and status added (replaced where the frame has them).
    /// </summary>
    public DataFrame Join(DataFrame frame)
    {
        var run = frame.Col("run_id");
        var kept = frame.Where(r => true);
        kept = kept.Filter(Mask(kept, i => _byRun.ContainsKey(Frames.Text(run[i]))));
        var ids = kept.Texts("run_id");
        foreach (var name in new[] { "condition", "pair", "status" })
            if (kept.Has(name)) kept.Columns.Remove(name);
        kept.Columns.Add(new StringDataFrameColumn("condition", ids.Select(id => _byRun[id].Condition)));
        kept.Columns.Add(new StringDataFrameColumn("pair", ids.Select(id => _byRun[id].Pair)));
        kept.Columns.Add(new StringDataFrameColumn("status", ids.Select(id => _byRun[id].Status)));
        return kept;
    }

    /// <summary>
    /// Paired differences from the baseline: one row per non-baseline condition and pair (seed) that
    /// both conditions have: condition, pair, value, baseline_value, diff (runs sharing a condition
    /// and pair are averaged first, as the report does). <paramref name="frame"/>: a joined frame, or
    /// any frame with run_id (joined here); rows without a value are left out.
    /// </summary>
    public DataFrame Differences(DataFrame frame, string value)
    {
        var cells = Cells(frame, value);
        var rows = new List<(string Condition, string Pair, double Value, double Base)>();
        foreach (var c in Conditions.Skip(1))
            foreach (var pair in cells[c].Keys.Where(cells[Baseline].ContainsKey).Order(StringComparer.Ordinal))
                rows.Add((c, pair, cells[c][pair], cells[Baseline][pair]));
        return new DataFrame(
            new StringDataFrameColumn("condition", rows.Select(r => r.Condition)),
            new StringDataFrameColumn("pair", rows.Select(r => r.Pair)),
            new DoubleDataFrameColumn("value", rows.Select(r => (double?)r.Value)),
            new DoubleDataFrameColumn("baseline_value", rows.Select(r => (double?)r.Base)),
            new DoubleDataFrameColumn("diff", rows.Select(r => (double?)(r.Value - r.Base))));
    }

    /// <summary>
    /// The report's main table over <paramref name="value"/>: one row per condition (baseline first)
    /// with n, mean, sd and the t-interval over its runs, and for the others the paired difference
    /// from the baseline (pairs, diff, its t-interval, t, df, p), the exact sign-flip p, and both p
    /// Holm-adjusted over the comparisons. Empty cells (the baseline's difference, an interval of one
    /// run) are null.
    /// </summary>
    public DataFrame Compare(DataFrame frame, string value, double level = Describe.Level95)
        => Table(SweepAnalysis.Compare(Conditions, Baseline, Values(frame, value), level), null, null);

    /// <summary>
    /// <see cref="Compare"/> within each value of <paramref name="group"/> (phenomenon, field,
    /// paradigm), groups in natural order, with Holm's adjustment over the whole family of groups ×
    /// comparisons, as the report's phenomenon table. The first column is the group.
    /// </summary>
    public DataFrame CompareBy(DataFrame frame, string value, string group, double level = Describe.Level95)
    {
        var joined = frame.Has("condition") && frame.Has("pair") ? frame : Join(frame);
        var names = joined.Distinct(group).Where(g => g != "null").ToList();
        var results = names.Select(g => SweepAnalysis.Compare(Conditions, Baseline, Values(joined.Where(group, g), value), level)).ToList();
        var flat = results.SelectMany((r, gi) => r.Select((c, ci) => (gi, ci, c))).Where(x => x.c.VsBaseline is not null).ToList();
        var holm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.P).ToList());
        var holmPerm = Holm.Adjust(flat.Select(x => x.c.VsBaseline!.PermutationP).ToList());
        var adjusted = results.Select(r => r.ToList()).ToList();
        for (int k = 0; k < flat.Count; k++)
            adjusted[flat[k].gi][flat[k].ci] = flat[k].c with { HolmP = holm[k], HolmPermutationP = holmPerm[k] };
        var rows = adjusted.SelectMany((r, gi) => r.Select(c => (Group: names[gi], Result: c))).ToList();
        return Table(rows.Select(r => r.Result).ToList(), group, rows.Select(r => r.Group).ToList());
    }

    private DataFrame Table(IReadOnlyList<ConditionResult> results, string? groupName, IReadOnlyList<string>? groups)
    {
        static double? N(double v) => double.IsFinite(v) ? v : null;
        var columns = new List<DataFrameColumn>();
        if (groupName is not null) columns.Add(new StringDataFrameColumn(groupName, groups!));
        columns.Add(new StringDataFrameColumn("condition", results.Select(r => r.Condition)));
        columns.Add(new BooleanDataFrameColumn("is_baseline", results.Select(r => (bool?)(r.Condition == Baseline))));
        columns.Add(new Int64DataFrameColumn("n", results.Select(r => (long?)r.Score.N)));
        columns.Add(new DoubleDataFrameColumn("mean", results.Select(r => N(r.Score.Mean))));
        columns.Add(new DoubleDataFrameColumn("sd", results.Select(r => N(r.Score.Sd))));
        columns.Add(new DoubleDataFrameColumn("ci_low", results.Select(r => N(r.Score.Low))));
        columns.Add(new DoubleDataFrameColumn("ci_high", results.Select(r => N(r.Score.High))));
        columns.Add(new Int64DataFrameColumn("pairs", results.Select(r => (long?)r.VsBaseline?.N)));
        columns.Add(new DoubleDataFrameColumn("diff", results.Select(r => r.VsBaseline is { } d ? N(d.MeanDiff) : null)));
        columns.Add(new DoubleDataFrameColumn("diff_ci_low", results.Select(r => r.VsBaseline is { } d ? N(d.Low) : null)));
        columns.Add(new DoubleDataFrameColumn("diff_ci_high", results.Select(r => r.VsBaseline is { } d ? N(d.High) : null)));
        columns.Add(new DoubleDataFrameColumn("t", results.Select(r => r.VsBaseline is { } d ? N(d.T) : null)));
        columns.Add(new DoubleDataFrameColumn("df", results.Select(r => r.VsBaseline is { } d ? N(d.Df) : null)));
        columns.Add(new DoubleDataFrameColumn("p", results.Select(r => r.VsBaseline is { } d ? N(d.P) : null)));
        columns.Add(new DoubleDataFrameColumn("p_holm", results.Select(r => N(r.HolmP))));
        columns.Add(new DoubleDataFrameColumn("p_signflip", results.Select(r => r.VsBaseline is { } d ? N(d.PermutationP) : null)));
        columns.Add(new DoubleDataFrameColumn("p_signflip_holm", results.Select(r => N(r.HolmPermutationP))));
        return new DataFrame(columns);
    }

    /// <summary>(condition, pair, value) of every row with a value, joining first where needed.</summary>
    private List<(string Condition, string Pair, double Value)> Values(DataFrame frame, string value)
    {
        var joined = frame.Has("condition") && frame.Has("pair") ? frame : Join(frame);
        var conditions = joined.Texts("condition");
        var pairs = joined.Texts("pair");
        var values = joined.Doubles(value);
        return Enumerable.Range(0, values.Count).Where(i => !double.IsNaN(values[i])).Select(i => (conditions[i], pairs[i], values[i])).ToList();
    }

    /// <summary>condition → pair → mean value.</summary>
    private Dictionary<string, Dictionary<string, double>> Cells(DataFrame frame, string value)
    {
        var values = Values(frame, value);
        return Conditions.ToDictionary(c => c, c => values.Where(v => v.Condition == c).GroupBy(v => v.Pair, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(v => v.Value), StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static BooleanDataFrameColumn Mask(DataFrame frame, Func<long, bool> keep)
    {
        var mask = new BooleanDataFrameColumn("mask", frame.Rows.Count);
        for (long i = 0; i < frame.Rows.Count; i++) mask[i] = keep(i);
        return mask;
    }

    private static string DidYouMean(string name, IReadOnlyList<string> allowed)
    {
        var close = Suggest.Closest(name, allowed);
        return close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
    }
}

/// <summary>How runs pair up across conditions: the one rule the report and the DataFrame helpers share.</summary>
internal static class Pairing
{
    /// <summary>
    /// Of the keys that vary across runs, those fixed within every condition vary only together with it
    /// (companions, e.g. a zipped pacing); the others, except the --by keys and the free-text name,
    /// pair runs across conditions (seed, and e.g. model.layers in a grid over two keys).
    /// </summary>
    public static (List<string> Companions, List<string> PairKeys) Split<T>(IReadOnlyList<string> varying, IReadOnlyList<string> byKeys,
        IReadOnlyList<T> runs, Func<T, string> conditionOf, Func<T, string, string> text)
    {
        var companions = varying.Where(k => !byKeys.Contains(k)
            && runs.GroupBy(conditionOf).All(g => g.Select(r => text(r, k)).Distinct(StringComparer.Ordinal).Count() == 1)).ToList();
        var pairKeys = varying.Where(k => !byKeys.Contains(k) && k != "name" && !companions.Contains(k)).ToList();
        return (companions, pairKeys);
    }
}
