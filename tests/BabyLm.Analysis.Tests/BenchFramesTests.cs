// BenchFrames against files written by the bench's own JSON writer (BenchContext): every field read
// back, NaN kept, several files stacked by run; a file that is not `bench --json` output is an error
// naming the file and line.
using BabyLm.Experiments.Bench;

namespace BabyLm.Analysis.Tests;

public sealed class BenchFramesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, params BenchResult[] results)
    {
        var json = new StringWriter();
        var context = new BenchContext(TextWriter.Null, json, threads: 1);
        foreach (var r in results) context.Report(r);
        var path = _dir[name];
        File.WriteAllText(path, json.ToString());
        return path;
    }

    [Fact]
    public void Bench_files_load_with_every_field_and_stack_by_run()
    {
        var a = Write("monday.jsonl",
            new BenchResult { Name = "gemm.nn.64x64x64", Value = 100, Unit = "GFLOP/s", Baseline = "openblas", BaselineValue = 80, Target = 0.8 },
            new BenchResult { Name = "train.tiny.peak_rss", Value = 900, Unit = "MiB", HigherIsBetter = false, Target = 1024, Note = "tiny" },
            new BenchResult { Name = "attention.cuda.max_rel_l2", Value = double.NaN, Unit = "" });
        var b = Write("tuesday.jsonl", new BenchResult { Name = "gemm.nn.64x64x64", Value = 60, Unit = "GFLOP/s", Baseline = "openblas", BaselineValue = 80, Target = 0.8 });
        var frame = BenchFrames.Load(a, b);
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal(["monday", "monday", "monday", "tuesday"], frame.Texts("run"));
        Assert.Equal(["gemm", "train", "attention", "gemm"], frame.Texts("suite"));
        Assert.Equal([1.25, double.NaN, double.NaN, 0.75], frame.Doubles("ratio"));
        Assert.Equal(["true", "true", "null", "false"], frame.Texts("meets_target"));
        Assert.Equal("tiny", frame["note"][1]);
        Assert.True(double.IsNaN(frame.Doubles("value")[2]));
        Assert.Equal(1024.0, frame["target"][1]);
    }

    [Fact]
    public void A_file_that_is_not_bench_json_is_an_error_naming_the_line()
    {
        var path = _dir["human.txt"];
        File.WriteAllText(path, "{\"name\": \"a\", \"value\": 1, \"unit\": \"s\"}\ngemm.nn.64x64x64     100 GFLOP/s\n");
        var e = Assert.Throws<BabyLmException>(() => BenchFrames.Load(path));
        Assert.StartsWith($"{path}:2: not a bench result", e.Message);
        Assert.Contains("--json", e.Hint);
        var missing = Assert.Throws<BabyLmException>(() => BenchFrames.Load(_dir["none.jsonl"]));
        Assert.Contains("do not exist", missing.Message);
        File.WriteAllText(_dir["empty.jsonl"], "\n");
        Assert.Contains("hold no measurement", Assert.Throws<BabyLmException>(() => BenchFrames.Load(_dir["empty.jsonl"])).Message);
    }
}
