// `babylm bench report`: collect + report on a generated sweep of 100 runs × 40 evaluations of a
// BLiMP-sized suite (67 paradigms: 268,000 probe lines, 200,000 metrics lines). Target: the whole
// report from scratch (no runs.db yet) in ≤ 10 s. Also timed: collect alone from scratch, and a report
// whose runs.db is already up to date (what a second `babylm report` costs).
using BabyLm.Analysis.Fixtures;
using BabyLm.Experiments.Bench;

namespace BabyLm.Analysis;

public sealed class ReportBench : IBenchSuite
{
    public string Name => "report";
    public string Description => "collect + report (tables, plots) on a generated sweep of 100 runs × 40 evaluations × 67 paradigms";

    public void Run(BenchContext context)
    {
        var options = context.Quick
            ? new SyntheticSweepOptions { Orders = ["random", "corpus", "reverse"], Seeds = 4, Evaluations = 5, Paradigms = 12, AddRunning = false, AddFailed = false }
            : new SyntheticSweepOptions
            {
                Orders = ["random", "corpus", "reverse", "source"], Seeds = 25, Evaluations = 40, Paradigms = 67, MetricsPerEvaluation = 5,
                AddRunning = false, AddFailed = false,
            };
        int runs = options.Orders.Count * options.Seeds;
        var root = Path.Combine(Path.GetTempPath(), $"babylm-bench-report-{Environment.ProcessId}");
        var sweep = Path.Combine(root, "bench");
        try
        {
            context.Info($"generating {runs} runs × {options.Evaluations} evaluations × {options.Paradigms} paradigms in {sweep} …");
            SyntheticSweep.Write(sweep, options);
            var request = new ReportRequest { SweepDir = sweep, By = "curriculum.order", Baseline = "random" };

            // Check before timing: every run counted, one row per condition with all its seeds.
            var check = Reporter.Write(request);
            if (check.Analysis.Included.Count() != runs || check.Analysis.Main.Any(m => m.Score.N != options.Seeds))
                throw new InvalidOperationException($"report bench: expected {runs} runs in {options.Orders.Count} conditions of {options.Seeds}");
            long probeRows = check.Collected.ProbeRows;

            // CPU time too: on a shared machine wall time says as much about the neighbours as about us.
            var cpu = new List<double>();
            void Fresh()
            {
                DeleteDb();
                var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                Reporter.Write(request);
                cpu.Add((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            }
            double cold = BenchTimer.Median(Fresh, rounds: 3, warmup: 0);
            context.Report(new BenchResult
            {
                Name = "report.from_scratch.seconds", Value = cold, Unit = "s", HigherIsBetter = false, Target = context.Quick ? null : 10,
                Note = $"collect + report, {runs} runs, {probeRows:N0} probe rows, load average {LoadAverage()}",
            });
            context.Report(new BenchResult
            {
                Name = "report.from_scratch.cpu_seconds", Value = BenchTimer.MedianOf(cpu.ToArray()), Unit = "s", HigherIsBetter = false,
                Note = "process CPU time (all threads)",
            });
            double collect = BenchTimer.Median(() => { DeleteDb(); Collector.Collect(sweep); }, rounds: 3, warmup: 0);
            context.Report(new BenchResult { Name = "report.collect_from_scratch.seconds", Value = collect, Unit = "s", HigherIsBetter = false });
            double warm = BenchTimer.Median(() => Reporter.Write(request), rounds: 3);
            context.Report(new BenchResult { Name = "report.up_to_date_db.seconds", Value = warm, Unit = "s", HigherIsBetter = false, Note = "runs.db already current" });
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }

        void DeleteDb() => File.Delete(Path.Combine(sweep, SweepDirectory.Database));

        static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (IOException) { return "?"; }
        }
    }
}
