// Which condition helped which phenomenon? Every phenomenon × condition difference from the baseline
// (paired by seed), most significant first, with Holm's adjustment over the whole family. Uses the
// same analysis as `babylm report` (SweepAnalysis), so the numbers agree with its tables.
//
//   dotnet run analysis/notebooks/phenomena.cs -- runs/demo [curriculum.order] [random]
#:project ../BabyLm.Analysis.csproj
#:property PublishAot=false
using BabyLm.Analysis;

string sweep = args[0], by = args.Length > 1 ? args[1] : "curriculum.order";
using var db = RunDatabase.Open(sweep);
var analysis = SweepAnalysis.Compute(db, new AnalysisOptions { By = by, Baseline = args.Length > 2 ? args[2] : null });

var effects = analysis.Phenomena
    .SelectMany(p => p.Conditions.Where(c => c.VsBaseline is not null).Select(c => (Phenomenon: p.Name, c.Condition, Diff: c.VsBaseline!.MeanDiff, c.VsBaseline.P, c.HolmP)))
    .OrderBy(e => e.HolmP).ThenBy(e => e.P).ThenByDescending(e => Math.Abs(e.Diff))
    .ToList();

Console.WriteLine($"{analysis.Suite}: difference from {analysis.Baseline} by phenomenon (percentage points, paired by {string.Join(", ", analysis.PairKeys)})");
Console.WriteLine($"{"phenomenon",-28} {by,-16} {"diff",7}  {"p",7}  {"p Holm",7}");
foreach (var e in effects)
    Console.WriteLine($"{e.Phenomenon,-28} {e.Condition,-16} {e.Diff,7:+0.0;-0.0}  {e.P,7:0.000}  {e.HolmP,7:0.000}{(e.HolmP < 0.05 ? "  *" : "")}");
Console.WriteLine($"{effects.Count(e => e.HolmP < 0.05)} of {effects.Count} differences have a Holm-adjusted p below 0.05.");
