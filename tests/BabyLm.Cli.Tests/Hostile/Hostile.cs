// The hostile probe of issue 21, kept as tests: every bad input a new user or a tester tried, every
// fault (a second trainer, a kill, a full disk, a folder that is not ours), each with the outcome the
// tool promises — a clear error naming the file, line or key and what is allowed (exit 2), or the
// documented behaviour — and never a crash, a silent success, a folder taken over or a write through a
// read-only command. The next probe starts from here: `dotnet test tests/BabyLm.Cli.Tests --filter Suite=Hostile`.
using System.Text;

namespace BabyLm.Cli.Tests.Hostile;

/// <summary>Shared checks and a tiny, fast training setup (the golden corpus, a 300-token BPE, a one-layer model).</summary>
public static class Hostile
{
    public const string Suite = "Hostile";

    /// <summary>Exit 2, one "error:" line containing <paramref name="message"/>, no stack trace; returns the error line.</summary>
    public static string AssertUserError(CliResult r, string message, string? hint = null)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}, expected 2 (a user error)\nstdout: {r.Stdout}\nstderr: {r.Stderr}");
        var errors = r.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count >= 1, $"no error line in: {r.Stderr}");
        Assert.True(r.Stderr.Contains(message, StringComparison.Ordinal), $"expected \"{message}\" in:\n{r.Stderr}");
        if (hint is not null)
            Assert.True(r.ErrorLines.Any(l => l.StartsWith("hint:", StringComparison.Ordinal) && l.Contains(hint, StringComparison.Ordinal)), $"expected hint \"{hint}\" in:\n{r.Stderr}");
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
        return errors[0];
    }

    public static string Corpus => Path.Combine(TestPaths.Data, "golden", "corpus");

    /// <summary>A run config that trains in about a second; <paramref name="extra"/> is appended (YAML).</summary>
    public static string Config(TempDir dir, string name = "k.yaml", long steps = 6, string extra = "")
        => dir.Write(name, $"""
            name: k
            seed: 1
            threads: 1
            data:
              corpus: {Corpus}
              vocab: 300
              track: none
              cache: {dir["cache"]}
            model:
              layers: 1
              heads: 2
              width: 16
              context: 16
            batch:
              sequences: 2
            budget:
              steps: {steps}
            eval:
              every_steps: 0
              dev_tokens: 64
            checkpoint:
              every_steps: 2
            log:
              every_steps: 2
            {extra}
            """);

    /// <summary>Every file under <paramref name="root"/> with its bytes (relative path → content hash), to prove nothing changed.</summary>
    public static SortedDictionary<string, string> Snapshot(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return result;
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(root, f)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }

    public static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);
}
