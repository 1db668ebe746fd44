// The trainer as a whole: the same config, seed and threads give identical metrics; a run stopped at any
// checkpoint and resumed gives bitwise the same losses and parameters as an uninterrupted one; words
// seen are counted exactly; bad configs and mismatched files are clear errors before training starts.
using System.Text.Json;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Training;

public sealed class TrainerTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _fx;

    public TrainerTests(TrainingFixture fx) => _fx = fx;

    private static TrainResult Train(RunConfig cfg, string runDir, long? stopAfter = null)
        => Trainer.Run(new TrainRequest { Config = cfg, RunDir = runDir, StopAfterStep = stopAfter });

    /// <summary>metrics.jsonl without the timing fields.</summary>
    private static List<string> Metrics(string runDir) => RunFiles.ReadLines<MetricsLine>(Path.Combine(runDir, RunFiles.Metrics))
        .Select(m => JsonSerializer.Serialize(m with { TokensPerS = 0, ElapsedS = 0 })).ToList();

    private static float[] FinalParameters(string runDir) => Checkpoint.Load(Checkpoint.List(runDir).Last()).Parameters;

    [Theory]
    [InlineData("gpt", "clm")]
    [InlineData("llama", "mlm")]
    public void SameConfigSeedAndThreads_WriteIdenticalMetrics(string arch, string objective)
    {
        var cfg = _fx.Config("", $"model.arch={arch}", $"objective.kind={objective}");
        var a = _fx.NewRunDir("det-a");
        var b = _fx.NewRunDir("det-b");
        Train(cfg, a);
        Train(cfg, b);
        var ma = Metrics(a);
        Assert.Equal(6, ma.Count); // a line every 5 of 30 steps; dev loss rides on the lines of steps 10, 20, 30
        Assert.Equal(ma, Metrics(b));
        Assert.Equal(FinalParameters(a), FinalParameters(b));
        Assert.True(File.Exists(Path.Combine(a, RunFiles.Done)));
        Assert.Equal(RunFiles.Status.Done, RunInfo.TryRead(a)!.Status);
    }

    [Theory]
    [InlineData("gpt", "clm", 10)]
    [InlineData("gpt", "clm", 20)]
    [InlineData("llama", "mlm", 10)]
    public void Resume_FromACheckpoint_ReproducesLossesBitwise(string arch, string objective, long stopAt)
    {
        var cfg = _fx.Config("", $"model.arch={arch}", $"objective.kind={objective}", "curriculum.order=random");
        var whole = _fx.NewRunDir("whole");
        Train(cfg, whole);
        var split = _fx.NewRunDir("split");
        var first = Train(cfg, split, stopAfter: stopAt);
        Assert.False(first.Completed);
        Assert.Equal(stopAt, first.Step);
        // A line written after the checkpoint (as a kill would leave) must not survive the resume.
        File.AppendAllText(Path.Combine(split, RunFiles.Metrics), "{\"step\": 999, \"words_seen\": 1");
        var second = Train(cfg, split);
        Assert.True(second.Completed);
        Assert.Equal(Metrics(whole), Metrics(split));
        Assert.Equal(FinalParameters(whole), FinalParameters(split));
        Assert.Equal(2, RunInfo.TryRead(split)!.Attempts);
    }

    [Fact]
    public void WordsBudget_StopsAtTheBudget_AndCountsWordsExactly()
    {
        var cfg = _fx.Config("", "budget.steps=0", "budget.words=2000", "objective.packing=sentences");
        var dir = _fx.NewRunDir("words");
        var result = Train(cfg, dir);
        Assert.True(result.WordsSeen >= 2000);
        // Sentence batches: each step feeds exactly 4 utterances; the last step crossed the budget.
        var lines = RunFiles.ReadLines<MetricsLine>(Path.Combine(dir, RunFiles.Metrics));
        Assert.Equal(result.WordsSeen, lines[^1].WordsSeen);
        Assert.True(result.WordsSeen - 4 * 6 < 2000, "stopped more than one step after the budget");
    }

    [Fact]
    public void BadShapes_AreReportedTogether_WithKeyPaths()
    {
        var ex = Assert.Throws<BabyLmException>(() => _fx.Config("", "model.width=30", "model.heads=4", "model.arhc=gpt", "optimizer.lr=fast"));
        Assert.Contains("model.width", ex.Message);
        Assert.Contains("not divisible", ex.Message);
        Assert.Contains("model.arhc", ex.Message);
        Assert.Contains("did you mean 'arch'", ex.Message);
        Assert.Contains("optimizer.lr", ex.Message);
        var head = Assert.Throws<BabyLmException>(() => _fx.Config("", "model.width=512", "model.heads=2"));
        Assert.Contains("head size 256", head.Message);
        var context = Assert.Throws<BabyLmException>(() => _fx.Config("", "model.context=100000", "curriculum.seq_len_start=0"));
        Assert.Contains("model.context", context.Message);
        Assert.Contains("curriculum.seq_len_start", context.Message);
    }

    [Fact]
    public void CheckpointFromAnotherConfig_IsAClearErrorBeforeTraining()
    {
        var a = _fx.NewRunDir("ck-a");
        Train(_fx.Config(), a);
        var b = _fx.NewRunDir("ck-b");
        var other = _fx.Config("", "seed=4");
        Directory.CreateDirectory(Path.Combine(b, RunFiles.Checkpoints));
        // A run folder of `other` (a folder without config.yaml is refused before any checkpoint is read).
        File.WriteAllText(Path.Combine(b, RunFiles.Config), YamlConfig.Canonical(other));
        var foreign = Checkpoint.List(a).Last();
        File.Copy(foreign, Path.Combine(b, RunFiles.Checkpoints, Path.GetFileName(foreign)));
        var ex = Assert.Throws<BabyLmException>(() => Train(other, b));
        Assert.Contains("another config", ex.Message);
        Assert.Contains(Path.GetFileName(foreign), ex.Message);
        Assert.False(File.Exists(Path.Combine(b, RunFiles.Metrics)));
    }

    [Fact]
    public void CheckpointOfAnotherFormatVersion_OrDamaged_IsReported()
    {
        var dir = _fx.NewRunDir("ck-ver");
        Train(_fx.Config(), dir);
        var path = Checkpoint.List(dir).Last();
        var bytes = File.ReadAllBytes(path);
        bytes[8] = 99;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<BabyLmException>(() => Checkpoint.Load(path));
        Assert.Contains("version 99", ex.Message);
        bytes[8] = 1;
        bytes[^40] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("corrupt", Assert.Throws<BabyLmException>(() => Checkpoint.Load(path)).Message);
    }

    [Fact]
    public void TokenizerThatDisagreesWithTheRun_IsAClearError()
    {
        var dir = _fx.NewRunDir("tok");
        Train(_fx.Config(), dir, stopAfter: 10);
        var other = BabyLm.Corpus.Tokenization.BpeTrainer.Train(
            BabyLm.Corpus.Tokenization.BpeTrainer.CountPiecesFromStrings(["a different corpus entirely", "with other merges"]),
            new BabyLm.Corpus.Tokenization.BpeTrainingOptions { VocabSize = 270 });
        other.Save(Path.Combine(dir, RunModel.TokenizerFile));
        var ex = Assert.Throws<BabyLmException>(() => Train(_fx.Config(), dir));
        Assert.Contains("tokenizer", ex.Message);
    }

    [Fact]
    public void NonFiniteLoss_StopsWithTheStep_AndWritesNoCheckpointAfterIt()
    {
        var dir = _fx.NewRunDir("nan");
        var cfg = _fx.Config();
        Train(cfg, dir, stopAfter: 10);
        // A damaged model (one weight NaN, saved as a valid checkpoint): the next step's loss is NaN.
        var path = Checkpoint.List(dir).Last();
        var state = Checkpoint.Load(path);
        state.Parameters[0] = float.NaN;
        Checkpoint.Save(path, state);
        var ex = Assert.Throws<BabyLmException>(() => Train(cfg, dir));
        Assert.Contains("at step 11", ex.Message);
        var info = RunInfo.TryRead(dir)!;
        Assert.Equal(RunFiles.Status.Failed, info.Status);
        Assert.Contains("at step 11", info.Error);
        Assert.Equal([path], Checkpoint.List(dir));
    }

    [Fact]
    public void DeviceCuda_WithoutAUsableGpu_FailsBeforeTraining()
    {
        var dir = _fx.NewRunDir("cuda");
        var ex = Assert.ThrowsAny<BabyLmException>(() => Train(_fx.Config("", "device=cuda"), dir));
        Assert.Contains("NVIDIA", ex.Message);
        Assert.False(File.Exists(Path.Combine(dir, RunFiles.Metrics)));
        Assert.Empty(Checkpoint.List(dir));
    }
}
