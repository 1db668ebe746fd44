// Sweeps of tiny real training runs through the real CLI. The kill test: a local sweep of 4 runs on 2
// workers is killed with SIGKILL (the sweep process and every run at once) while runs are mid-way; the
// same command run again finishes every run, resumes the interrupted ones from their checkpoints
// instead of starting them over, and ends with metrics bitwise identical to a sweep never interrupted.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

[Collection(SlowSweeps.Name)]
public sealed class SweepEndToEndTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Steps per run: long enough that a kill lands mid-run, short enough to keep the test in tens of seconds.</summary>
    private const long Steps = 1200;

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "Slow")]
    public void A_killed_sweep_resumes_every_run_and_matches_an_uninterrupted_sweep_bitwise()
    {
        _dir.Write("corpus.txt", SweepFixtures.Corpus());
        _dir.Write("sweep.yaml", SweepFixtures.TinySpec("kill", Steps, "seeds: [1, 2, 3, 4]"));
        string[] Args(string runs) => ["sweep", "sweep.yaml", "--runs", runs, "--workers", "2"];

        var reference = BabyLmCli.Run(_dir.Path, Limit, null, Args("reference"));
        Assert.True(reference.ExitCode == 0, reference.ToString());

        // Start the same sweep elsewhere and kill it, and every run it started, once two runs are mid-way.
        var psi = BabyLmCli.StartInfo(_dir.Path, Args("killed"));
        psi.RedirectStandardOutput = psi.RedirectStandardError = psi.RedirectStandardInput = false;
        using var sweep = Process.Start(psi)!;
        var sweepDir = _dir["killed/kill"];
        var deadline = DateTime.UtcNow + Limit;
        Dictionary<string, long> midway;
        while (true)
        {
            midway = Checkpointed(sweepDir);
            if (midway.Count >= 2) break;
            Assert.False(sweep.HasExited, $"the sweep ended (exit {(sweep.HasExited ? sweep.ExitCode : 0)}) before two runs were mid-way; raise Steps");
            Assert.True(DateTime.UtcNow < deadline, "no run reached a checkpoint in time");
            Thread.Sleep(20);
        }
        var family = Descendants(sweep.Id);
        Posix.Signal(sweep.Id, Posix.SIGKILL);
        foreach (var pid in family) Posix.Signal(pid, Posix.SIGKILL);
        sweep.WaitForExit();
        WaitGone(family);
        midway = Checkpointed(sweepDir).Where(kv => !File.Exists(Path.Combine(sweepDir, kv.Key, RunFiles.Done))).ToDictionary();
        Assert.NotEmpty(midway);

        var rerun = BabyLmCli.Run(_dir.Path, Limit, null, Args("killed"));
        Assert.True(rerun.ExitCode == 0, rerun.ToString());

        var store = SweepStore.Open(sweepDir);
        foreach (var state in store.States())
        {
            Assert.True(state.Done, $"run {state.Id} is not done");
            var log = File.ReadAllText(Path.Combine(store.RunDir(state.Id), RunFiles.Log));
            var resumedFrom = Regex.Matches(log, @"resuming from step (\d+)").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            if (midway.TryGetValue(state.Id, out long checkpointStep))
            {
                // Started once, killed, resumed once from (at least) the checkpoint it had — not from scratch.
                Assert.Equal(2, state.Info!.Attempts);
                var from = Assert.Single(resumedFrom);
                Assert.True(from >= checkpointStep, $"run {state.Id} resumed from step {from}, before its checkpoint at {checkpointStep}");
            }
            else
            {
                Assert.True(state.Info!.Attempts <= 2, $"run {state.Id} was started {state.Info.Attempts} times");
            }
            foreach (var file in new[] { RunFiles.Metrics, RunFiles.Probes, RunFiles.Config })
            {
                var expected = Comparable(Path.Combine(_dir["reference/kill"], state.Id, file));
                var actual = Comparable(Path.Combine(sweepDir, state.Id, file));
                Assert.True(expected.SequenceEqual(actual), $"run {state.Id}: {file} differs from the uninterrupted sweep");
            }
        }
        Assert.Contains("4 done", rerun.Stdout);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Interrupting_a_sweep_checkpoints_and_stops_its_runs()
    {
        _dir.Write("corpus.txt", SweepFixtures.Corpus());
        _dir.Write("sweep.yaml", SweepFixtures.TinySpec("ctrlc", 100_000, "seeds: [1, 2, 3]"));
        var psi = BabyLmCli.StartInfo(_dir.Path, ["sweep", "sweep.yaml", "--workers", "2"]);
        using var sweep = Process.Start(psi)!;
        sweep.StandardInput.Close();
        var stdout = sweep.StandardOutput.ReadToEndAsync();
        var stderr = sweep.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + Limit;
        while (Checkpointed(_dir["runs/ctrlc"]).Count < 2)
        {
            if (sweep.HasExited) Assert.Fail($"the sweep ended early\n{await stdout}\n{await stderr}");
            Assert.True(DateTime.UtcNow < deadline, "no run reached a checkpoint in time");
            await Task.Delay(20);
        }
        var family = Descendants(sweep.Id);
        Posix.Signal(sweep.Id, Posix.SIGINT);                        // what Ctrl-C sends
        Assert.True(sweep.WaitForExit(TimeSpan.FromSeconds(60)), "the sweep did not stop on SIGINT");
        WaitGone(family);
        var output = await stdout;
        Assert.True(sweep.ExitCode == 130, $"exit {sweep.ExitCode}\n{output}\n{await stderr}");
        Assert.Contains("interrupted: 0 done, 2 checkpointed", output);
        var states = SweepStore.Open(_dir["runs/ctrlc"]).States();
        Assert.Equal(2, states.Count(s => s.Status == RunFiles.Status.Interrupted && s.Info!.Step > 0 && s.Info.Attempts == 1));
        Assert.Equal(1, states.Count(s => s.Status == RunFiles.Status.Pending));   // the third never started
        foreach (var s in states.Where(s => s.Status == RunFiles.Status.Interrupted))
            Assert.Contains($"interrupted: checkpointed at step {s.Info!.Step}", File.ReadAllText(Path.Combine(_dir["runs/ctrlc"], s.Id, RunFiles.Log)));
    }

    /// <summary>Runs with a checkpoint and no DONE marker: run id → newest checkpoint step.</summary>
    private static Dictionary<string, long> Checkpointed(string sweepDir)
    {
        var result = new Dictionary<string, long>();
        if (!Directory.Exists(sweepDir)) return result;
        foreach (var runDir in Directory.GetDirectories(sweepDir))
        {
            var ckpts = Directory.Exists(Path.Combine(runDir, RunFiles.Checkpoints))
                ? Directory.GetFiles(Path.Combine(runDir, RunFiles.Checkpoints), "step-*.ckpt") : [];
            if (ckpts.Length == 0 || File.Exists(Path.Combine(runDir, RunFiles.Done))) continue;
            result[Path.GetFileName(runDir)] = ckpts.Max(f => long.Parse(Path.GetFileNameWithoutExtension(f)["step-".Length..], CultureInfo.InvariantCulture));
        }
        return result;
    }

    /// <summary>A JSONL file's lines without the timing fields (tokens_per_s, elapsed_s), which legitimately differ.</summary>
    private static List<string> Comparable(string path)
    {
        if (!File.Exists(path)) return [];
        if (!path.EndsWith(".jsonl", StringComparison.Ordinal)) return [.. File.ReadAllLines(path)];
        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l =>
        {
            var node = JsonNode.Parse(l)!.AsObject();
            node.Remove("tokens_per_s");
            node.Remove("elapsed_s");
            return node.ToJsonString();
        }).ToList();
    }

    /// <summary>Every process below <paramref name="root"/> (from /proc).</summary>
    internal static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');    // after "pid (comm) ": state ppid …
            int ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(ppid, out var list)) children[ppid] = list = [];
            list.Add(pid);
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            foreach (var c in children.GetValueOrDefault(queue.Dequeue()) ?? [])
            {
                result.Add(c);
                queue.Enqueue(c);
            }
        }
        return result;
    }

    internal static void WaitGone(IEnumerable<int> pids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var pid in pids)
        {
            while (File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal)
                && DateTime.UtcNow < deadline)
                Thread.Sleep(20);
        }
    }
}
