// Defect 4 of issue 21: the trainer copied tokenizer.json with a plain File.Copy, so a full disk left a
// torn file that blocked every resume. Every file the tool writes goes through AtomicFile; this scan of
// the library and CLI sources fails on any new direct write (File.Copy/WriteAll*/Create/Move, a stream
// opened for writing) that is not in the allow-list below, each entry with the reason it is safe.
using System.Text.RegularExpressions;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed partial class AtomicWriteScanTests
{
    private const string InsideTemporaryFolder = "writes inside the temporary folder of AtomicFile.WriteDirectory, renamed into place whole";

    /// <summary>(file, a text the flagged line contains) → why that write is not a torn-file risk.</summary>
    private static readonly (string File, string Line, string Why)[] Allowed =
    [
        ("experiments/Core/AtomicFile.cs", "new FileStream(tmp, FileMode.CreateNew", "the atomic write itself: a temporary file"),
        ("experiments/Core/AtomicFile.cs", "File.Move(tmp, full, overwrite: true)", "the atomic write itself: the rename"),
        ("experiments/Core/AtomicFile.cs", "Directory.Move(full, old)", "the atomic folder swap"),
        ("experiments/Core/AtomicFile.cs", "Directory.Move(tmp, full)", "the atomic folder swap"),
        ("experiments/Core/AtomicFile.cs", "Directory.Move(entry, full)", "restores the last complete folder a killed swap moved aside"),
        ("experiments/Core/FileLock.cs", "FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None", "a lock file: opened, never written"),
        ("experiments/Runs/RunFiles.cs", "FileMode.Append", "metrics/probes JSONL: one whole line per write; readers drop a torn last line"),
        ("experiments/Sweeps/LocalExecutor.cs", "File.AppendAllText(log,", "run.log, a human log appended line by line"),
        ("corpus/Shards/ShardWriter.cs", "new FileStream(_tokensTmp, FileMode.CreateNew", "a temporary beside tokens.bin, renamed in Complete()"),
        ("corpus/Shards/ShardWriter.cs", "new FileStream(_uttsTmp, FileMode.CreateNew", "a temporary beside utterances.bin, renamed in Complete()"),
        ("corpus/Shards/ShardWriter.cs", "File.Move(_tokensTmp", "the rename of the temporary"),
        ("corpus/Shards/ShardWriter.cs", "File.Move(_uttsTmp", "the rename of the temporary"),
        ("corpus/Sampling/CorpusSampler.cs", "new FileStream(path, FileMode.CreateNew", InsideTemporaryFolder),
        ("corpus/Language/SyntheticCorpus.cs", "new FileStream(path, FileMode.CreateNew", InsideTemporaryFolder),
        ("corpus/Language/SyntheticCorpus.cs", "new FileStream(AgeStages.SidecarPath(path), FileMode.CreateNew", InsideTemporaryFolder),
        ("corpus/Probes/BlimpExport.cs", "File.WriteAllText(Path.Combine(tmp, p.Uid", InsideTemporaryFolder),
        ("corpus/Probes/BlimpExport.cs", "File.WriteAllText(Path.Combine(tmp, SuiteFile)", InsideTemporaryFolder),
        ("analysis/Report/ReportFolder.cs", "File.WriteAllText(path, text)", "writes inside a temporary folder; each file is then renamed into the report folder"),
        ("analysis/Report/ReportFolder.cs", "File.Move(Path.Combine(tmp, rel), target, overwrite: true)", "the per-file rename into the report folder"),
        ("experiments/Bench/TrainBench.cs", "/proc/self/clear_refs", "a kernel control file, not a file of ours"),
        ("cli/Commands/TokenizerCommand.cs", "new StreamWriter(output,", "standard output"),
        ("corpus/Curricula/Curriculum.cs", "new BinaryWriter(ms)", "an in-memory stream"),
        ("experiments/Bench/ZipfText.cs", "new StreamWriter(stream,", "the stream of AtomicFile.Write"),
    ];

    [GeneratedRegex(@"\bFile\.(WriteAll\w*|AppendAll\w*|AppendText|Create|CreateText|Copy|Move|Replace|OpenWrite)\s*\(|\bnew\s+(FileStream|StreamWriter|BinaryWriter)\s*\(|\bDirectory\.Move\s*\(|\bFileMode\.(Create|CreateNew|Append|OpenOrCreate|Truncate)\b|\.CopyTo\s*\(\s*[^)]*(Path|path)")]
    private static partial Regex WriteCall();

    /// <summary>A stream opened only for reading is no write.</summary>
    [GeneratedRegex(@"FileMode\.Open\s*,\s*FileAccess\.Read\s*[,)]")]
    private static partial Regex ReadOnlyOpen();

    private static IEnumerable<(string File, int Line, string Text)> Writes()
    {
        foreach (var top in new[] { "cli", "corpus", "experiments", "analysis" })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, top), "*.cs", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(TestPaths.RepoRoot, path).Replace('\\', '/');
                if (rel.Contains("/bin/", StringComparison.Ordinal) || rel.Contains("/obj/", StringComparison.Ordinal)) continue;
                var lines = File.ReadAllLines(path);
                for (int i = 0; i < lines.Length; i++)
                {
                    var code = lines[i].TrimStart();
                    if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith("///", StringComparison.Ordinal)) continue;
                    if (WriteCall().IsMatch(code) && !ReadOnlyOpen().IsMatch(code)) yield return (rel, i + 1, code.Trim());
                }
            }
        }
    }

    [Fact]
    public void Every_write_in_the_sources_goes_through_the_atomic_write_or_is_allowed_with_a_reason()
    {
        var writes = Writes().ToList();
        var unexplained = writes.Where(w => !Allowed.Any(a => a.File == w.File && w.Text.Contains(a.Line, StringComparison.Ordinal))).ToList();
        Assert.True(unexplained.Count == 0,
            "direct writes that are not atomic (use AtomicFile.Write/WriteAllText/Copy/WriteDirectory, or add them here with the reason they are safe):\n"
            + string.Join("\n", unexplained.Select(w => $"  {w.File}:{w.Line}: {w.Text}")));
        var stale = Allowed.Where(a => !writes.Any(w => a.File == w.File && w.Text.Contains(a.Line, StringComparison.Ordinal))).ToList();
        Assert.True(stale.Count == 0, "allow-list entries that match nothing any more (remove them):\n"
            + string.Join("\n", stale.Select(a => $"  {a.File}: {a.Line}")));
    }

    /// <summary>
    /// The defect itself: a training whose copy of tokenizer.json is cut short (here by a file-size limit,
    /// as a full disk cuts it) must not leave a torn tokenizer.json that blocks the next run. The cache is
    /// filled first, so the run's first large write is that copy.
    /// </summary>
    [Fact]
    public void A_tokenizer_copy_cut_short_does_not_block_the_next_run()
    {
        using var dir = new TempDir();
        var config = Hostile.Config(dir);
        Assert.Equal(0, CliRunner.Run("train", config, "--out", dir["warm"]).ExitCode);      // tokenizer and shards cached
        var run = dir["run"];
        var dll = typeof(CliApp).Assembly.Location;
        // ulimit -f 4: no file may grow past 4 KiB; config.yaml and run.json fit, the 7 KB tokenizer copy does not.
        var psi = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "ulimit -f 4; exec dotnet \"$0\" train \"$1\" --out \"$2\"", dll, config, run])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // The runtime's W^X double mapping lives in a file the limit would refuse: the process would not start.
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 128 + 25, $"expected the run to be stopped by SIGXFSZ (exit 153), got {p.ExitCode}: {p.StandardError.ReadToEnd()}");
        }
        Assert.True(File.Exists(Path.Combine(run, "config.yaml")), "the cut run did not get as far as the tokenizer copy");
        Assert.True(new FileInfo(Path.Combine(dir["warm"], "tokenizer.json")).Length > 4096, "the test needs a tokenizer larger than the limit");
        var tokenizer = Path.Combine(run, "tokenizer.json");
        if (File.Exists(tokenizer)) Assert.Equal(File.ReadAllBytes(Path.Combine(dir["warm"], "tokenizer.json")), File.ReadAllBytes(tokenizer));
        var again = CliRunner.Run("train", config, "--out", run);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Empty(Directory.GetFiles(run, "*.tmp-*"));
    }

    [Fact]
    public void The_scan_sees_the_writes_it_is_meant_to_catch()
    {
        // The oracle for the scanner: lines written the way the old trainer and exporter wrote.
        Assert.Matches(WriteCall(), "File.Copy(data.TokenizerPath, runTokenizer);");
        Assert.Matches(WriteCall(), "File.WriteAllText(path, text);");
        Assert.Matches(WriteCall(), "using var w = new StreamWriter(path, false, enc);");
        Assert.Matches(WriteCall(), "var fs = new FileStream(p, FileMode.Create, FileAccess.Write);");
        Assert.Matches(WriteCall(), "File.Create(path)");
        Assert.Matches(ReadOnlyOpen(), "new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20)");
        Assert.DoesNotMatch(ReadOnlyOpen(), "new FileStream(path, FileMode.Open, FileAccess.ReadWrite)");
    }
}
