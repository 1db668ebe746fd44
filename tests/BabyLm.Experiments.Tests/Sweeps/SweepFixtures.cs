// Shared by the sweep tests: temporary folders, a small deterministic corpus, a tiny training spec, and
// the `babylm` CLI started as a child process (the babylm.dll built beside these tests, whether the
// build used --artifacts-path or the default bin/ folders; BABYLM_CLI_DLL overrides).
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BabyLm.Experiments.Tests.Sweeps;

public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "babylm-sweeps-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public string Write(string relative, string text)
    {
        var p = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class SweepFixtures
{
    /// <summary>A few thousand short child-directed-like sentences, the same every time.</summary>
    public static string Corpus(int lines = 1500)
    {
        string[] subjects = ["the dog", "a cat", "the baby", "mommy", "daddy", "the ball", "my teddy", "the bird"];
        string[] verbs = ["sees", "likes", "wants", "has", "gets", "finds", "throws", "hugs"];
        string[] objects = ["the cup", "a toy", "the milk", "a block", "the book", "her shoe", "the spoon", "a ball"];
        string[] tails = ["", " now", " again", " today", " please", " too"];
        var sb = new StringBuilder();
        ulong x = 12345;
        int Next(int n)
        {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            return (int)((x >> 33) % (ulong)n);
        }
        for (int i = 0; i < lines; i++)
            sb.Append(subjects[Next(subjects.Length)]).Append(' ').Append(verbs[Next(verbs.Length)]).Append(' ')
              .Append(objects[Next(objects.Length)]).Append(tails[Next(tails.Length)]).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A spec of tiny real runs (one layer, width 32, context 32, one thread each) over <paramref name="grid"/>,
    /// checkpointing every few steps, with the shard cache in the sweep's folder.
    /// </summary>
    public static string TinySpec(string name, long steps, string grid, string extra = "") => $"""
        name: {name}
        base:
          threads: 1
          data: {"{"}corpus: corpus.txt, vocab: 300, track: none, cache: cache{"}"}
          model: {"{"}layers: 1, heads: 2, width: 32, context: 32{"}"}
          batch: {"{"}sequences: 4{"}"}
          budget: {"{"}steps: {steps.ToString(CultureInfo.InvariantCulture)}{"}"}
          schedule: {"{"}warmup_steps: 5{"}"}
          eval: {"{"}every_steps: 0, dev_tokens: 512{"}"}
          checkpoint: {"{"}every_steps: 5, keep: 1{"}"}
          log: {"{"}every_steps: 5{"}"}
        {grid}
        {extra}
        """;
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>`dotnet babylm.dll …` as a child process.</summary>
public static class BabyLmCli
{
    public static string Dll { get; } = Locate();

    public static string Dotnet => BabyLm.Experiments.Sweeps.BabyLmLauncher.DotnetHost();

    public static ProcessStartInfo StartInfo(string workDir, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = workDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }

    /// <summary>Runs babylm to the end (killed and failed after <paramref name="timeout"/>).</summary>
    public static CliResult Run(string workDir, TimeSpan timeout, IDictionary<string, string>? env, params string[] args)
    {
        using var p = Process.Start(StartInfo(workDir, args, env))!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"babylm {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s\n{stdout.Result}\n{stderr.Result}");
        }
        p.WaitForExit();
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static CliResult Run(string workDir, params string[] args) => Run(workDir, TimeSpan.FromMinutes(5), null, args);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("BABYLM_CLI_DLL");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var candidates = new List<string>
        {
            // --artifacts-path A: A/bin/BabyLm.Experiments.Tests/<pivot>/ → A/bin/BabyLm.Cli/<pivot>/
            Path.Combine(here, "..", "..", "BabyLm.Cli", Path.GetFileName(here), "babylm.dll"),
        };
        // default layout: tests/BabyLm.Experiments.Tests/bin/<Config>/<tfm>/ → cli/bin/<Config>/<tfm>/
        var tfm = Path.GetFileName(here);
        var config = Path.GetFileName(Path.GetDirectoryName(here)!);
        candidates.Add(Path.Combine(here, "..", "..", "..", "..", "..", "cli", "bin", config, tfm, "babylm.dll"));
        foreach (var c in candidates)
            if (File.Exists(c)) return Path.GetFullPath(c);
        throw new InvalidOperationException($"babylm.dll not found beside the tests (looked at {string.Join(", ", candidates.Select(Path.GetFullPath))}); "
            + "build the CLI with the same --artifacts-path, or set BABYLM_CLI_DLL");
    }
}

/// <summary>Runs only with a Slurm cluster at hand: always in CI (where a missing cluster is a failure), else when BABYLM_TEST_SLURM=1.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("BABYLM_TEST_SLURM") == "1" || Environment.GetEnvironmentVariable("CI") == "true") return;
        Skip = "needs a Slurm cluster: `make test` starts a local one (as root); or run experiments/Sweeps/slurm/up.sh and set BABYLM_TEST_SLURM=1";
    }
}

/// <summary>The slow end-to-end sweep tests run one at a time: each wants both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlowSweeps
{
    public const string Name = "slow sweeps";
}
