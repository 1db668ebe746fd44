// The main table of `babylm report`, rebuilt from runs.db in a few lines: per condition, the suite
// accuracy (mean ± 95% t-interval over seeds), and the difference from the baseline paired by seed,
// with the paired t-test's p and Holm's adjustment. Start here to ask your own questions of a sweep.
//
//   dotnet run analysis/notebooks/curricula.cs -- runs/demo [curriculum.order] [random]
//
// arguments: the sweep directory, the config key that defines the conditions (default
// curriculum.order), the baseline condition (default: the first in sorted order).
#:project ../BabyLm.Analysis.csproj
#:property PublishAot=false
using BabyLm.Analysis;
using BabyLm.Analysis.Statistics;

string sweep = args[0], by = args.Length > 1 ? args[1] : "curriculum.order";
using var db = RunDatabase.Open(sweep); // collects first: runs.db follows the run directories

// One row per finished run: its condition, seed and final suite accuracy in percent. The suite score is
// the view's unweighted mean over paradigms at the run's last evaluation; the suite the one most runs have.
var rows = db.Query($"""
    SELECT r."{by}" AS condition, r.seed AS seed, 100 * s.accuracy AS accuracy
    FROM runs r JOIN last_suite_scores s USING (run_id)
    WHERE r.status = 'done'
      AND s.suite = (SELECT suite FROM probes GROUP BY suite ORDER BY COUNT(DISTINCT run_id) DESC, suite LIMIT 1)
    """).Rows;

// condition → seed → accuracy
var scores = rows.GroupBy(r => r.Text("condition"))
    .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Long("seed"), r => r.Double("accuracy")));
string baseline = args.Length > 2 ? args[2] : scores.Keys.Order(StringComparer.Ordinal).First();
var others = scores.Keys.Where(c => c != baseline).Order(StringComparer.Ordinal).ToList();

// Paired by seed: only seeds both conditions have.
var tests = others.Select(c =>
{
    var seeds = scores[c].Keys.Intersect(scores[baseline].Keys).Order().ToList();
    return PairedTest.Compare(seeds.Select(s => scores[c][s]).ToList(), seeds.Select(s => scores[baseline][s]).ToList());
}).ToList();
var holm = Holm.Adjust(tests.Select(t => t.P).ToList());

Console.WriteLine($"{by,-20} {"n",3}  {"accuracy (%)",-13} {"diff (pp)",9}  {"p",7}  {"p Holm",7}");
foreach (var (c, i) in new[] { baseline }.Concat(others).Select((c, i) => (c, i)))
{
    var ci = Describe.MeanWithCi(scores[c].Values.ToList());
    var line = $"{c,-20} {ci.N,3}  {ci.Mean,5:0.0} ± {ci.HalfWidth,-5:0.0}";
    if (i > 0) line += $" {tests[i - 1].MeanDiff,9:+0.0;-0.0}  {tests[i - 1].P,7:0.000}  {holm[i - 1],7:0.000}";
    Console.WriteLine(line);
}
