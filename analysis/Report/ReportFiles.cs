// Turns a SweepAnalysis into the files of a report, as text keyed by relative path: report.md,
// tables/*.tex (booktabs) and tables/*.csv (long format, full precision: what R and pandas want),
// and plots/*.svg. Pure: no I/O and no clock, so the same runs give byte-identical reports.
using System.Globalization;
using System.Text;
using BabyLm.Analysis.Plots;
using BabyLm.Analysis.Statistics;

namespace BabyLm.Analysis;

public static class ReportFiles
{
    public const string Markdown = "report.md";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every file of the report: relative path → content.</summary>
    /// <param name="toolCommit">The commit of the tool writing the report (as run.json records it for training).</param>
    public static SortedDictionary<string, string> Build(SweepAnalysis a, string? toolCommit = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var plots = Plots(a);
        foreach (var (name, svg) in plots) files[$"plots/{name}.svg"] = svg;

        var main = MainTable(a);
        files["tables/main.tex"] = main.Latex($"Suite {a.ScoreWord} on {a.Suite} by {a.By} (sweep {a.Sweep}): mean ± 95% t-interval over runs;\n"
            + $"differences against {a.Baseline} paired by {PairText(a)}; p from a paired t-test, Holm-adjusted over the comparisons.");
        files["tables/main.csv"] = MainCsv(a);

        var phen = GroupTable(a, a.Phenomena, "phenomenon");
        files["tables/phenomena.tex"] = phen.Latex($"Accuracy (%) by phenomenon on {a.Suite} (sweep {a.Sweep}): mean ± 95% t-interval over runs.");
        var phenDiff = GroupDifferenceTable(a, a.Phenomena, "phenomenon");
        if (phenDiff is not null)
            files["tables/phenomena-differences.tex"] = phenDiff.Latex($"Difference from {a.Baseline} by phenomenon (percentage points, paired by {PairText(a)});\n"
                + "in parentheses the Holm-adjusted p over all phenomena × conditions; bold: below 0.05.");
        files["tables/phenomena.csv"] = GroupCsv(a, a.Phenomena, "phenomenon");
        if (a.Fields.Count > 0)
        {
            files["tables/fields.tex"] = GroupTable(a, a.Fields, "field").Latex($"Accuracy (%) by field on {a.Suite} (sweep {a.Sweep}): mean ± 95% t-interval over runs.");
            files["tables/fields.csv"] = GroupCsv(a, a.Fields, "field");
        }
        files["tables/paradigms.tex"] = ParadigmTable(a).Latex($"Accuracy (%) by paradigm on {a.Suite} (sweep {a.Sweep}): mean over runs.");
        files["tables/paradigms.csv"] = ParadigmCsv(a);
        files["tables/runs.csv"] = RunsCsv(a);
        files["tables/curves.csv"] = CurvesCsv(a);
        if (a.AllSuites.Count > 1)
        {
            files["tables/suites.tex"] = SuitesTable(a).Latex($"Final score on every suite by {a.By} (sweep {a.Sweep}): mean ± 95% t-interval over finished runs "
                + "(accuracy in %, Spearman ρ × 100); differences against the baseline paired, Holm-adjusted over every suite × condition.");
            files["tables/suites.csv"] = SuitesCsv(a);
        }

        files[Markdown] = Report(a, main, phen, phenDiff, plots.Select(p => p.Name).ToHashSet(), files.Keys.ToList(), toolCommit);
        return files;
    }

    // ---- report.md --------------------------------------------------------------------------------

    private static string Report(SweepAnalysis a, TextTable main, TextTable phen, TextTable? phenDiff, HashSet<string> plots, List<string> files, string? toolCommit)
    {
        var included = a.Included.ToList();
        var sb = new StringBuilder();
        sb.Append($"# {a.Sweep}: {a.By} on {a.Suite}\n\n");
        var statuses = string.Join(", ", a.Runs.GroupBy(r => r.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        sb.Append($"{a.Runs.Count} runs ({statuses}); **{included.Count} finished runs** are compared");
        if (a.Where.Count > 0) sb.Append($" (--where {string.Join(" ", a.Where)}; {a.FilteredOut} other runs left out)");
        sb.Append($". Conditions: `{a.By}` ∈ {{{string.Join(", ", a.Conditions)}}}, baseline **{a.Baseline}**; ");
        sb.Append(a.PairKeys.Count > 0 ? $"runs are paired across conditions by {PairText(a)}. " : "runs cannot be paired (nothing varies within a condition). ");
        if (a.CompanionKeys.Count > 0) sb.Append($"Varying together with `{a.By}`: {string.Join(", ", a.CompanionKeys.Select(k => $"`{k}`"))}. ");
        var words = included.Where(r => r.EvalWords is not null).Select(r => r.EvalWords!.Value).Distinct().Order().ToList();
        sb.Append($"Suite `{a.Suite}` ({Join(a.SuiteVersions, "version")}; {a.SuiteParadigms} paradigms; scorer {Join(a.Scorers, "")}; ties {Join(a.TieModes, "")}), "
            + $"scored at each run's last evaluation ({(words.Count == 1 ? $"{words[0]:N0} words seen" : $"{words.First():N0}–{words.Last():N0} words seen")}).\n\n");
        foreach (var w in a.Warnings) sb.Append($"> **Note.** {w}\n>\n");
        if (a.Warnings.Count > 0) sb.Length -= 2;
        if (a.Warnings.Count > 0) sb.Append('\n');

        sb.Append($"## Suite {a.ScoreWord}\n\n").Append(main.Markdown()).Append('\n');
        sb.Append(ScoreDefinition(a)
            + $"at each run's last evaluation; mean ± half-width of the {Percent(a.Level)} t-interval over runs. "
            + $"Δ: mean paired difference from {a.Baseline} in {(a.IsCorrelation ? "ρ × 100" : "percentage points")}, with its t-interval; p: two-sided paired t-test; "
            + $"Holm: adjusted over the {a.Conditions.Count - 1} comparisons; sign-flip: exact permutation test of the paired differences "
            + $"(with n pairs its smallest possible value is 2/2ⁿ: {2.0 / Math.Pow(2, Math.Max(1, a.Main.Skip(1).Select(m => m.VsBaseline?.N ?? 0).DefaultIfEmpty(0).Max())):0.###} here). "
            + "n-gram rows: the same suite scored by unigram and word-bigram models of the training corpus, which need no training.\n\n");
        if (plots.Contains("differences")) sb.Append($"![Paired differences from {a.Baseline}](plots/differences.svg)\n\n");

        sb.Append("## Learning curves\n\n");
        sb.Append($"![{Capital(a.ScoreWord)} against words seen](plots/learning-curve-accuracy.svg)\n\n");
        sb.Append(plots.Contains("learning-curve-dev-loss")
            ? "![Dev loss against words seen](plots/learning-curve-dev-loss.svg)\n\n"
            : "No run logged a dev loss, so there is no dev-loss curve.\n\n");
        sb.Append("Lines: mean over runs at each evaluation; shaded: the range (min–max) over runs.\n\n");
        if (a.AllSuites.Count > 1) AllSuitesSection(sb, a);

        sb.Append("## By phenomenon\n\n").Append(phen.Markdown()).Append('\n');
        sb.Append("Phenomenon accuracy: unweighted mean over its paradigms; mean ± 95% t-interval over runs.\n\n");
        if (phenDiff is not null)
        {
            sb.Append($"Difference from {a.Baseline} (percentage points, paired), with the Holm-adjusted p over all {a.Phenomena.Count} phenomena × "
                + $"{a.Conditions.Count - 1} comparisons in parentheses; **bold**: adjusted p < 0.05.\n\n");
            sb.Append(phenDiff.Markdown()).Append('\n');
        }
        if (plots.Contains("phenomena")) sb.Append("![Accuracy by phenomenon](plots/phenomena.svg)\n\n");
        if (a.Fields.Count > 0)
            sb.Append("## By field\n\n").Append(GroupTable(a, a.Fields, "field").Markdown()).Append('\n');

        sb.Append("## By paradigm\n\n");
        if (plots.Contains("paradigms")) sb.Append("![Accuracy by paradigm and condition](plots/paradigms.svg)\n\n");
        sb.Append($"<details><summary>Table: {a.Paradigms.Count} paradigms (mean accuracy over runs, %)</summary>\n\n").Append(ParadigmTable(a).Markdown()).Append("\n</details>\n\n");

        var excluded = a.Runs.Where(r => !r.Included).ToList();
        if (excluded.Count > 0)
        {
            sb.Append("## Runs not included\n\n");
            var t = new TextTable(("run", false), (a.By, false), ("pairing", false), ("status", false), ("why", false));
            foreach (var r in excluded) t.Add(r.Id, r.Condition, r.Pair, r.Status, Clip(r.Reason ?? "", 140));
            sb.Append(t.Markdown()).Append('\n');
        }

        sb.Append("## Provenance\n\n");
        sb.Append($"- Tool commit(s) that trained the runs: {Counts(a.Runs.Select(r => r.GitCommit))}\n");
        sb.Append($"- Machines: {Counts(a.Runs.Select(r => r.Host))}\n");
        sb.Append($"- CPU (instruction set, threads): {Counts(a.Runs.Select(r => r.Cpu is null ? null : $"{r.Cpu} ({r.Isa ?? "?"}, {r.Threads?.ToString(Inv) ?? "?"} threads)"))}\n");
        sb.Append($"- .NET: {Counts(a.Runs.Select(r => r.DotnetVersion))}\n");
        sb.Append($"- Suite `{a.Suite}`: version(s) {Join(a.SuiteVersions, "")}; scorer(s) {Join(a.Scorers, "")}; tie mode(s) {Join(a.TieModes, "")}\n");
        sb.Append($"- Report written by babylm at commit `{toolCommit ?? "unknown"}` from `runs.db` (schema {Schema.Version}); rerun with "
            + $"`babylm report {a.Sweep} --by {string.Join(",", a.ByKeys)} --baseline {ShellWord(a.Baseline)} --suite {ShellWord(a.Suite)}"
            + $"{string.Concat(a.Where.Select(w => $" --where {ShellWord(w)}"))}`.\n\n");
        var runs = new TextTable(("run", false), (a.By, false), ("pairing", false), ("status", false), ("accuracy (%)", true), ("words seen", true),
            ("config hash", false), ("commit", false), ("host", false), ("started", false), ("ended", false));
        foreach (var r in a.Runs.OrderBy(r => a.Conditions.ToList().IndexOf(r.Condition)).ThenBy(r => r.Pair, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
            runs.Add(r.Id, r.Condition, r.Pair, r.Status, r.Accuracy is not { } acc ? "–" : r.Included ? Fmt.Number(acc) : $"({Fmt.Number(acc).Md})", r.WordsSeen?.ToString("N0", Inv) ?? "–",
                Short(r.ConfigHash), Short(r.GitCommit), r.Host ?? "–", r.StartedAt ?? "–", r.EndedAt ?? "–");
        sb.Append(runs.Markdown()).Append('\n');
        sb.Append("Accuracy in parentheses: the last evaluation so far of a run that is not included.\n\n");

        sb.Append("## Files\n\n");
        foreach (var f in files) sb.Append($"- [`{f}`]({f})\n");
        return sb.ToString();
    }

    // ---- tables -------------------------------------------------------------------------------------

    private static TextTable MainTable(SweepAnalysis a)
    {
        var t = new TextTable((a.By, false), (new Cell("n", "$n$"), true), ($"{a.ScoreWord} ({a.Unit})", true),
            (new Cell($"Δ vs {a.Baseline} ({a.DiffUnit})", $"$\\Delta$ vs {Fmt.TexEscape(a.Baseline)} ({a.DiffUnit})"), true),
            (new Cell("95% CI of Δ", "95\\% CI of $\\Delta$"), true), (new Cell("t", "$t$"), true), (new Cell("p", "$p$"), true),
            (new Cell("p (Holm)", "$p_\\mathrm{Holm}$"), true), (new Cell("p (sign-flip)", "$p_\\mathrm{perm}$"), true));
        foreach (var c in a.Main)
        {
            var d = c.VsBaseline;
            if (d is null) t.Add(Label(c.Condition + " (baseline)"), c.Score.N.ToString(Inv), Fmt.MeanCi(c.Score), "", "", "", "", "", "");
            else t.Add(c.Condition, c.Score.N.ToString(Inv), Fmt.MeanCi(c.Score), Fmt.Signed(d.MeanDiff), Fmt.Interval(d.Low, d.High),
                Fmt.Number(d.T, "0.00"), Fmt.P(d.P), Fmt.P(c.HolmP), Fmt.P(d.PermutationP));
        }
        t.Rule();
        foreach (var name in BaselineNames(a))
            t.Add($"{name} (n-gram)", "", Fmt.Number(a.Baselines[name]), "", "", "", "", "", "");
        t.Add(SweepAnalysis.Chance, "", Fmt.Number(a.ChancePct), "", "", "", "", "", "");
        return t;
    }

    private static TextTable GroupTable(SweepAnalysis a, IReadOnlyList<GroupResult> groups, string what)
    {
        var names = BaselineNames(a);
        var cols = new List<(Cell, bool)> { (what, false), ("paradigms", true) };
        cols.AddRange(a.Conditions.Select(c => ((Cell)(c == a.Baseline ? c + " (baseline)" : c), true)));
        cols.AddRange(names.Select(n => ((Cell)n, true)));
        var t = new TextTable(cols.ToArray());
        foreach (var g in groups)
        {
            var cells = new List<Cell> { g.Name, g.Paradigms.ToString(Inv) };
            cells.AddRange(g.Conditions.Select(c => Fmt.MeanCi(c.Score)));
            cells.AddRange(names.Select(n => g.Baselines.TryGetValue(n, out var v) ? Fmt.Number(v) : new Cell("–", "--")));
            t.Add(cells.ToArray());
        }
        return t;
    }

    private static TextTable? GroupDifferenceTable(SweepAnalysis a, IReadOnlyList<GroupResult> groups, string what)
    {
        if (a.Conditions.Count < 2 || groups.Count == 0) return null;
        var cols = new List<(Cell, bool)> { (what, false) };
        cols.AddRange(a.Conditions.Skip(1).Select(c => ((Cell)$"{c} − {a.Baseline}", true)));
        var t = new TextTable(cols.ToArray());
        foreach (var g in groups)
        {
            var cells = new List<Cell> { g.Name };
            foreach (var c in g.Conditions.Skip(1))
            {
                var d = c.VsBaseline!;
                var diff = Fmt.Signed(d.MeanDiff);
                var p = Fmt.P(c.HolmP);
                bool significant = c.HolmP < 0.05;
                cells.Add(double.IsNaN(d.MeanDiff) ? new Cell("–", "--")
                    : significant ? new Cell($"**{diff.Md}** ({p.Md})", $"\\textbf{{{diff.Tex}}} ({p.Tex})") : new Cell($"{diff.Md} ({p.Md})", $"{diff.Tex} ({p.Tex})"));
            }
            t.Add(cells.ToArray());
        }
        return t;
    }

    private static TextTable ParadigmTable(SweepAnalysis a)
    {
        var names = BaselineNames(a);
        var cols = new List<(Cell, bool)> { ("paradigm", false), ("phenomenon", false) };
        cols.AddRange(a.Conditions.Select(c => ((Cell)c, true)));
        cols.AddRange(names.Select(n => ((Cell)n, true)));
        var t = new TextTable(cols.ToArray());
        foreach (var p in a.Paradigms)
        {
            var cells = new List<Cell> { p.Paradigm, p.Phenomenon };
            cells.AddRange(p.Conditions.Select(c => Fmt.Number(c.Mean)));
            cells.AddRange(names.Select(n => p.Baselines.TryGetValue(n, out var v) ? Fmt.Number(v) : new Cell("–", "--")));
            t.Add(cells.ToArray());
        }
        return t;
    }

    // ---- CSV ------------------------------------------------------------------------------------------

    private static readonly string[] s_statColumns = ["n", "mean", "sd", "ci_low", "ci_high"];
    private static readonly string[] s_diffColumns = ["pairs", "diff_pp", "diff_pp_ci_low", "diff_pp_ci_high", "t", "df", "p", "p_holm", "p_signflip", "p_signflip_holm"];

    private static string MainCsv(SweepAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(new[] { "kind", "condition", "is_baseline" }.Concat(s_statColumns.Select(c => "accuracy_pct_" + c)).Concat(s_diffColumns)));
        foreach (var c in a.Main)
            sb.Append(Csv.Line(new[] { "condition", c.Condition, c.Condition == a.Baseline ? "1" : "0" }.Concat(Stat(c.Score)).Concat(Diff(c))));
        foreach (var name in BaselineNames(a))
            sb.Append(Csv.Line(new[] { "ngram", name, "0", "", R(a.Baselines[name]), "", "", "" }.Concat(s_diffColumns.Select(_ => ""))));
        sb.Append(Csv.Line(new[] { "chance", SweepAnalysis.Chance, "0", "", R(a.ChancePct), "", "", "" }.Concat(s_diffColumns.Select(_ => ""))));
        return sb.ToString();
    }

    private static string GroupCsv(SweepAnalysis a, IReadOnlyList<GroupResult> groups, string what)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(new[] { what, "paradigms", "kind", "condition", "is_baseline" }.Concat(s_statColumns.Select(c => "accuracy_pct_" + c)).Concat(s_diffColumns)));
        foreach (var g in groups)
        {
            foreach (var c in g.Conditions)
                sb.Append(Csv.Line(new[] { g.Name, g.Paradigms.ToString(Inv), "condition", c.Condition, c.Condition == a.Baseline ? "1" : "0" }.Concat(Stat(c.Score)).Concat(Diff(c))));
            foreach (var (name, acc) in g.Baselines.OrderBy(b => b.Key, StringComparer.Ordinal))
                sb.Append(Csv.Line(new[] { g.Name, g.Paradigms.ToString(Inv), "ngram", name, "0", "", R(acc), "", "", "" }.Concat(s_diffColumns.Select(_ => ""))));
        }
        return sb.ToString();
    }

    private static string ParadigmCsv(SweepAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(new[] { "paradigm", "phenomenon", "field", "kind", "condition" }.Concat(s_statColumns.Select(c => "accuracy_pct_" + c))));
        foreach (var p in a.Paradigms)
        {
            for (int i = 0; i < a.Conditions.Count; i++)
                sb.Append(Csv.Line(new[] { p.Paradigm, p.Phenomenon, p.Field ?? "", "condition", a.Conditions[i] }.Concat(Stat(p.Conditions[i]))));
            foreach (var (name, acc) in p.Baselines.OrderBy(b => b.Key, StringComparer.Ordinal))
                sb.Append(Csv.Line([p.Paradigm, p.Phenomenon, p.Field ?? "", "ngram", name, "", R(acc), "", "", ""]));
        }
        return sb.ToString();
    }

    private static string RunsCsv(SweepAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(["run_id", "condition", "pair", "status", "included", "reason", "accuracy_pct", "eval_step", "eval_words_seen", "step", "total_steps",
            "words_seen", "config_hash", "git_commit", "host", "cpu", "isa", "threads", "dotnet_version", "started_at", "ended_at"]));
        foreach (var r in a.Runs)
            sb.Append(Csv.Line([r.Id, r.Condition, r.Pair, r.Status, r.Included ? "1" : "0", r.Reason ?? "", r.Accuracy is { } v ? R(v) : "",
                L(r.EvalStep), L(r.EvalWords), L(r.Step), L(r.TotalSteps), L(r.WordsSeen), r.ConfigHash ?? "", r.GitCommit ?? "", r.Host ?? "", r.Cpu ?? "",
                r.Isa ?? "", L(r.Threads), r.DotnetVersion ?? "", r.StartedAt ?? "", r.EndedAt ?? ""]));
        return sb.ToString();
    }

    private static string CurvesCsv(SweepAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(["metric", "condition", "step", "words_seen", "mean", "min", "max", "n"]));
        foreach (var (metric, curves) in new[] { ("accuracy_pct", a.AccuracyCurves), ("dev_loss", a.DevLossCurves) })
            for (int i = 0; i < a.Conditions.Count; i++)
                foreach (var p in curves[i])
                    sb.Append(Csv.Line([metric, a.Conditions[i], p.Step.ToString(Inv), R(p.Words), R(p.Mean), R(p.Min), R(p.Max), p.N.ToString(Inv)]));
        return sb.ToString();
    }

    private static IEnumerable<string> Stat(MeanCi c) => [c.N.ToString(Inv), R(c.Mean), R(c.Sd), R(c.Low), R(c.High)];

    private static IEnumerable<string> Diff(ConditionResult c)
    {
        var d = c.VsBaseline;
        if (d is null) return s_diffColumns.Select(_ => "");
        return [d.N.ToString(Inv), R(d.MeanDiff), R(d.Low), R(d.High), R(d.T), R(d.Df), R(d.P), R(c.HolmP), R(d.PermutationP), R(c.HolmPermutationP)];
    }

    private static string R(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);
    private static string L(long? v) => v?.ToString(Inv) ?? "";

    // ---- plots ------------------------------------------------------------------------------------------

    private static List<(string Name, string Svg)> Plots(SweepAnalysis a)
    {
        var plots = new List<(string, string)>();
        var references = new List<ReferenceLine> { new(ChanceLabel(a.ChancePct, a.IsCorrelation), a.ChancePct) };
        references.AddRange(BaselineNames(a).Select(n => new ReferenceLine($"{n} (n-gram)", a.Baselines[n])));
        int maxN = a.Conditions.Select((_, i) => a.AccuracyCurves[i].Select(p => p.N).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();

        plots.Add(("learning-curve-accuracy", new LineChart
        {
            Title = $"{a.Suite}: {a.ScoreWord} during training",
            XLabel = "Words seen", YLabel = YLabel(a.IsCorrelation), SiX = true, LegendTitle = a.By,
            BandLabel = $"range over runs (n ≤ {maxN})",
            Series = CurveSeries(a, a.AccuracyCurves), References = references, YLimits = a.IsCorrelation ? (-100, 100) : (0, 100),
        }.ToSvg()));
        if (a.DevLossCurves.Any(c => c.Count > 0))
            plots.Add(("learning-curve-dev-loss", new LineChart
            {
                Title = "Dev loss during training", XLabel = "Words seen", YLabel = "Dev loss", SiX = true, LegendTitle = a.By,
                BandLabel = "range over runs", Series = CurveSeries(a, a.DevLossCurves),
            }.ToSvg()));

        if (a.Phenomena.Count > 0)
            plots.Add(("phenomena", new BarChart
            {
                Title = $"{a.Suite}: {a.ScoreWord} by phenomenon", XLabel = "Phenomenon", YLabel = YLabel(a.IsCorrelation), LegendTitle = a.By,
                Categories = a.Phenomena.Select(p => p.Name).ToList(), Origin = a.ChancePct, OriginLabel = ChanceLabel(a.ChancePct, a.IsCorrelation),
                ErrorLabel = $"{Percent(a.Level)} CI over runs", YLimits = a.IsCorrelation ? (-100, 100) : (0, 100),
                Series = a.Conditions.Select((c, i) => new BarSeries(c, a.Phenomena.Select(p => p.Conditions[i].Score.Mean).ToList())
                {
                    Low = a.Phenomena.Select(p => p.Conditions[i].Score.Low).ToList(), High = a.Phenomena.Select(p => p.Conditions[i].Score.High).ToList(), Style = i,
                }).ToList(),
            }.ToSvg()));

        if (a.Paradigms.Count > 0)
        {
            var names = BaselineNames(a);
            plots.Add(("paradigms", new Heatmap
            {
                Title = $"{a.Suite}: {a.ScoreWord} by paradigm", XLabel = a.By, YLabel = "Paradigm", ValueLabel = YLabel(a.IsCorrelation),
                RowLabels = a.Paradigms.Select(p => p.Paradigm).ToList(),
                ColumnLabels = a.Conditions.Concat(names.Select(n => $"{n} (n-gram)")).ToList(),
                Values = a.Paradigms.Select(p => (IReadOnlyList<double>)p.Conditions.Select(c => c.Mean)
                    .Concat(names.Select(n => p.Baselines.TryGetValue(n, out var v) ? v : double.NaN)).ToList()).ToList(),
            }.ToSvg()));
        }

        var diffs = a.Main.Select((c, i) => (c, i)).Where(x => x.c.VsBaseline is { N: > 0 }).ToList();
        if (diffs.Count > 0)
            plots.Add(("differences", new IntervalChart
            {
                Title = $"{a.Suite}: difference from {a.Baseline}, paired by {PairText(a)}",
                XLabel = a.IsCorrelation ? "Difference in Spearman ρ (× 100)" : "Accuracy difference (percentage points)",
                EstimateLabel = "mean paired difference", IntervalLabel = $"{Percent(a.Level)} t-interval",
                Rows = diffs.Select(x => new IntervalRow($"{x.c.Condition} − {a.Baseline}", x.c.VsBaseline!.MeanDiff, x.c.VsBaseline.Low, x.c.VsBaseline.High)
                {
                    Note = $"{Fmt.PText(x.c.VsBaseline.P)}, Holm {Fmt.P(x.c.HolmP).Md} (n = {x.c.VsBaseline.N})", Colour = Palette.Colour(x.i),
                }).ToList(),
            }.ToSvg()));
        if (a.AllSuites.Count > 1)
            foreach (var o in a.AllSuites)
            {
                int n = o.Curves.Select(c => c.Select(p => p.N).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
                plots.Add(($"suite-{FileName(o.Suite)}", new LineChart
                {
                    Title = $"{o.Suite}: {(o.IsCorrelation ? "Spearman ρ" : "accuracy")} during training",
                    XLabel = "Words seen", YLabel = YLabel(o.IsCorrelation), SiX = true, LegendTitle = a.By,
                    BandLabel = $"range over runs (n ≤ {n})",
                    Series = CurveSeries(a, o.Curves), References = [new ReferenceLine(ChanceLabel(o.ChancePct, o.IsCorrelation), o.ChancePct)],
                    YLimits = o.IsCorrelation ? (-100, 100) : (0, 100),
                }.ToSvg()));
            }
        return plots;
    }

    // ---- every suite ----------------------------------------------------------------------------------

    private static void AllSuitesSection(StringBuilder sb, SweepAnalysis a)
    {
        sb.Append("## All suites\n\n");
        sb.Append($"Each suite the runs were evaluated on, at each finished run's last evaluation on it: mean ± {Percent(a.Level)} t-interval over runs "
            + "(accuracy in %, Spearman ρ × 100 for the WUG tasks); Δ: paired difference from the baseline, with the Holm-adjusted p over all "
            + $"{a.AllSuites.Count} suites × {a.Conditions.Count - 1} comparisons in parentheses, **bold** below 0.05. BabyLM tasks are scored as they define it "
            + "(entity tracking: the mean over files of the mean over their numbers of operations); suites ending in `_fast` are the fast_eval subsamples "
            + "scored during training.\n\n");
        sb.Append(SuitesTable(a).Markdown()).Append('\n');
        foreach (var o in a.AllSuites)
            sb.Append($"![{o.Suite} against words seen](plots/suite-{FileName(o.Suite)}.svg)\n");
        sb.Append('\n');
    }

    private static TextTable SuitesTable(SweepAnalysis a)
    {
        var cols = new List<(Cell, bool)> { ("suite", false), ("metric", false), ("runs", true), ("chance", true) };
        cols.AddRange(a.Conditions.Select(c => ((Cell)(c == a.Baseline ? c + " (baseline)" : c), true)));
        cols.AddRange(a.Conditions.Skip(1).Select(c => ((Cell)$"{c} − {a.Baseline}", true)));
        var t = new TextTable(cols.ToArray());
        foreach (var o in a.AllSuites)
        {
            var cells = new List<Cell> { o.Suite, o.IsCorrelation ? "ρ × 100" : "accuracy (%)", o.Runs.ToString(Inv), Fmt.Number(o.ChancePct) };
            cells.AddRange(o.Conditions.Select(c => Fmt.MeanCi(c.Score)));
            foreach (var c in o.Conditions.Skip(1))
            {
                var d = c.VsBaseline!;
                var diff = Fmt.Signed(d.MeanDiff);
                var p = Fmt.P(c.HolmP);
                cells.Add(double.IsNaN(d.MeanDiff) ? new Cell("–", "--")
                    : c.HolmP < 0.05 ? new Cell($"**{diff.Md}** ({p.Md})", $"\\textbf{{{diff.Tex}}} ({p.Tex})") : new Cell($"{diff.Md} ({p.Md})", $"{diff.Tex} ({p.Tex})"));
            }
            t.Add(cells.ToArray());
        }
        return t;
    }

    private static string SuitesCsv(SweepAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(new[] { "suite", "metric", "chance", "kind", "condition", "is_baseline" }.Concat(s_statColumns.Select(c => "score_" + c)).Concat(s_diffColumns)));
        foreach (var o in a.AllSuites)
            foreach (var c in o.Conditions)
                sb.Append(Csv.Line(new[] { o.Suite, o.Metric, R(o.ChancePct), "condition", c.Condition, c.Condition == a.Baseline ? "1" : "0" }.Concat(Stat(c.Score)).Concat(Diff(c))));
        return sb.ToString();
    }

    private static string ScoreDefinition(SweepAnalysis a) => a.IsCorrelation
        ? "Score: Spearman's ρ (× 100) between the model's preference for each item's first alternative (the softmax over the alternatives' "
          + "log-probabilities) and the human ratio, "
        : a.ChancePct != 50
            ? "Accuracy: the suite score as the task defines it (the mean over UIDs, or for entity tracking over files of their UIDs' mean); an item "
              + "is right when its first candidate scores above every other, a tie among k earns 1/k under tie mode `half`, "
            : "Accuracy: the unweighted mean over the suite's paradigms (each paradigm: (correct + ties/2) / pairs under tie mode `half`), ";

    private static string YLabel(bool correlation) => correlation ? "Spearman ρ (× 100)" : "Accuracy (%)";

    private static string ChanceLabel(double pct, bool correlation)
        => correlation ? "no association (ρ = 0)" : $"chance ({pct.ToString("0.#", Inv)}%)";

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string FileName(string suite) => string.Concat(suite.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    private static List<LineSeries> CurveSeries(SweepAnalysis a, IReadOnlyList<IReadOnlyList<CurvePoint>> curves)
        => a.Conditions.Select((c, i) => (c, i)).Where(x => curves[x.i].Count > 0).Select(x => new LineSeries(x.c,
            curves[x.i].Select(p => p.Words).ToList(), curves[x.i].Select(p => p.Mean).ToList())
        {
            Low = curves[x.i].Select(p => p.Min).ToList(), High = curves[x.i].Select(p => p.Max).ToList(), Style = x.i,
        }).ToList();

    // ---- helpers -----------------------------------------------------------------------------------------

    private static string Percent(double level) => (100 * level).ToString("0.#", Inv) + "%";

    /// <summary>n-gram baselines in reading order: unigram, bigram, then any others alphabetically.</summary>
    private static List<string> BaselineNames(SweepAnalysis a)
        => a.Baselines.Keys.OrderBy(n => n switch { "unigram" => 0, "bigram" => 1, _ => 2 }).ThenBy(n => n, StringComparer.Ordinal).ToList();

    private static string PairText(SweepAnalysis a) => a.PairKeys.Count == 0 ? "nothing" : string.Join(", ", a.PairKeys);

    private static Cell Label(string text) => new($"**{text.Replace("|", "\\|", StringComparison.Ordinal)}**", Fmt.TexEscape(text));

    private static string Join(IReadOnlyList<string> values, string what)
        => values.Count == 0 ? "–" : (what.Length > 0 && values.Count == 1 ? $"{what} " : "") + string.Join(", ", values.Select(v => $"`{v}`"));

    private static string Counts(IEnumerable<string?> values)
    {
        var groups = values.Select(v => v ?? "unknown").GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        return string.Join("; ", groups.Select(g => $"`{g.Key}` ({g.Count()} run{(g.Count() == 1 ? "" : "s")})"));
    }

    private static string ShellWord(string s) => s.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '=' or '/' or ':') ? s : $"'{s.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static string Short(string? hash) => hash is null ? "–" : hash.Length > 12 ? hash[..12] : hash;

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
