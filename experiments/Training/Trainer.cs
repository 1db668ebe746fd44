// One training run, top to bottom: resolve the data, build the model, resume from the last good
// checkpoint if there is one, then per step — learning rate from the schedule, forward, backward
// (summed over micro-batches), clip, AdamW update — log one metrics line every log step, evaluate dev
// loss and probes when due, checkpoint. The same config, seed and thread count give identical metrics,
// and a run killed at any point resumes to the same numbers it would have produced uninterrupted.
using System.Diagnostics;
using System.Runtime.InteropServices;
using BabyLm.Core;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;
using BabyLm.Engine;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Training;

/// <summary>Builds the curriculum of a run (the curricula module supplies the real one).</summary>
public delegate ICurriculum CurriculumFactory(RunConfig config, TokenShard train, ResolvedData data, Action<string> log);

/// <summary>Scores probe suites during training (the evaluation module supplies it).</summary>
public interface IProbeHook
{
    /// <param name="full">All pairs (the final evaluation) or the configured subsample.</param>
    void Evaluate(ILanguageModel model, ResolvedData data, long step, long wordsSeen, bool full, string runDir);
}

public sealed record TrainRequest
{
    public required RunConfig Config { get; init; }
    public required string RunDir { get; init; }
    /// <summary>Folder that relative data paths are relative to (the config file's folder).</summary>
    public string? ConfigDir { get; init; }
    public string Sweep { get; init; } = "";
    public CurriculumFactory? Curriculum { get; init; }
    public IProbeHook? Probes { get; init; }
    public Action<TrainProgress>? Progress { get; init; }
    public Action<string>? Log { get; init; }
    public CancellationToken Cancel { get; init; }
    /// <summary>Stop (after checkpointing) once this step is done, as if killed there — for resume tests.</summary>
    public long? StopAfterStep { get; init; }
    /// <summary>Config keys (optimizer.*, schedule.* or keys under them) that may differ from the run folder's config on resume.</summary>
    public IReadOnlyList<string> AllowConfigChange { get; init; } = [];
    /// <summary>The run folder's lock when the caller holds it already (`babylm run`); otherwise the trainer takes it.</summary>
    public FileLock? HeldLock { get; init; }
}

public sealed record TrainProgress(long Step, long TotalSteps, double Loss, long WordsSeen, double TokensPerS, TimeSpan Elapsed);

public sealed record TrainResult(string RunDir, long Step, long TotalSteps, long WordsSeen, double Loss, double? DevLoss, bool Completed);

public static class Trainer
{
    public static TrainResult Run(TrainRequest request)
    {
        var cfg = request.Config;
        var runDir = Path.GetFullPath(request.RunDir);
        // The run's identity leaves out where it computes (device, gpu): a run stopped on one device resumes
        // on the other. config.yaml holds the whole config, placement included.
        var canonical = RunIdentity.Of(cfg);
        var configHash = Hashing.Sha256Hex(canonical);
        var configPath = Path.Combine(runDir, RunFiles.Config);
        var written = YamlConfig.Canonical(cfg);
        // A new or empty folder, or a run folder of this config (RunFolder); held until the run ends.
        using var claim = RunFolder.Claim(runDir, written, request.AllowConfigChange, request.HeldLock);
        AtomicFile.WriteAllText(configPath, written);

        var previous = RunInfo.TryRead(runDir);
        int attempt = (previous?.Attempts ?? 0) + 1;
        var info = Provenance.Describe(new RunInfo
        {
            Id = Path.GetFileName(runDir),
            Sweep = request.Sweep,
            ConfigHash = configHash,
            Status = RunFiles.Status.Running,
            Attempts = attempt,
            StartedAt = previous?.StartedAt ?? DateTimeOffset.UtcNow,
            Threads = cfg.Threads > 0 ? cfg.Threads : Environment.ProcessorCount,
            ConfigChanges = claim.Record(previous?.ConfigChanges, attempt),
        });
        info.Write(runDir);
        request = request with { AllowConfigChange = claim.AcceptedKeys };
        try
        {
            var result = RunCore(request, runDir, canonical, configHash, ref info);
            info = info with
            {
                Status = result.Completed ? RunFiles.Status.Done : RunFiles.Status.Interrupted,
                EndedAt = DateTimeOffset.UtcNow, Step = result.Step, TotalSteps = result.TotalSteps,
                WordsSeen = result.WordsSeen, Loss = result.Loss, Error = null,
            };
            info.Write(runDir);
            if (result.Completed) AtomicFile.WriteAllText(Path.Combine(runDir, RunFiles.Done), $"{DateTimeOffset.UtcNow:O}\n");
            return result;
        }
        catch (Exception ex)
        {
            var message = ex is BabyLmException b ? b.Message : $"{ex.GetType().Name}: {ex.Message}";
            (info with { Status = RunFiles.Status.Failed, Error = message, EndedAt = DateTimeOffset.UtcNow }).Write(runDir);
            throw;
        }
    }

    private static TrainResult RunCore(TrainRequest request, string runDir, string canonical, string configHash, ref RunInfo info)
    {
        var cfg = request.Config;
        var log = request.Log ?? (_ => { });
        // device: cuda needs a usable GPU: fail before any work, with the reason (no silent fallback).
        using var backend = RunBackend.Create(cfg);
        if (backend is CudaBackend gpu)
        {
            log($"device: {gpu.Description}");
            info = info with
            {
                Device = "cuda", Gpu = $"{gpu.Gpu}: {gpu.GpuName}", Precision = cfg.Precision, Gemm = gpu.Gemm,
            };
        }
        else
        {
            info = info with { Device = "cpu", Gpu = null, Precision = "fp32", Gemm = null };
        }
        info.Write(runDir);
        var data = RunData.Resolve(cfg.Data, request.ConfigDir, log, cfg.Threads);
        // The run keeps its own copy of the tokenizer: evaluation and export need nothing else.
        RunTokenizer.Ensure(runDir, data, log);
        using var train = TokenShard.Open(data.TrainShardDir);
        if (train.VocabSize != data.Tokenizer.VocabSize)
        {
            throw new BabyLmException(
                $"tokenizer {data.TokenizerPath} has {data.Tokenizer.VocabSize} tokens but the shards in {data.ShardDir} were made with {train.VocabSize}",
                "prepare the shards again with this tokenizer (delete the shard folder)");
        }
        int sequences = cfg.Batch.Tokens > 0 ? Math.Max(1, cfg.Batch.Tokens / cfg.Model.Context) : cfg.Batch.Sequences;
        // The model, its optimizer state and every buffer of the largest batch now: on a GPU, a run that
        // does not fit fails here, before any training, saying what would fit.
        ILanguageModel? model = null;
        AdamWOptimizer? optimizer = null;
        try
        {
            model = ModelFactory.Create(cfg.Model, data.Tokenizer.VocabSize, backend);
            optimizer = new AdamWOptimizer(model, OptimizerSettings(cfg.Optimizer));
            model.Reserve(sequences, cfg.Model.Context);
        }
        catch (CudaOutOfMemoryException e)
        {
            optimizer?.Dispose();
            model?.Dispose();
            throw RunBackend.OutOfMemory(e, cfg, data.Tokenizer.VocabSize, sequences);
        }
        using var modelScope = model;
        using var optimizerScope = optimizer;
        bool causal = cfg.Objective.Kind == "clm";
        var curriculum = (request.Curriculum ?? TrainingDefaults.Curriculum).Invoke(cfg, train, data, log);
        var batcher = new Batcher(train, curriculum, BatcherOptionsFor(cfg, data.Tokenizer.VocabSize, cfg.Seed) with { Tokenizer = data.Tokenizer });
        long totalSteps = TotalSteps(cfg, train, sequences);

        long step = 0, tokensSeen = 0, wordsSeen = 0;
        double lossSum = 0, elapsedBefore = 0;
        int lossCount = 0;
        double lastGradNorm = 0;
        var ckpt = LoadLatestCheckpoint(runDir, configHash, model.Layout.Signature(), log, canonical, request.AllowConfigChange);
        if (ckpt is not null)
        {
            if (ckpt.Parameters.Length != model.Layout.Total) throw new BabyLmException("checkpoint has a different number of parameters than this model");
            model.WriteParameters(ckpt.Parameters);
            optimizer.WriteMoments(ckpt.M, ckpt.V);
            batcher.RestoreState(ckpt.BatcherState);
            step = ckpt.Step;
            tokensSeen = ckpt.TokensSeen;
            wordsSeen = ckpt.WordsSeen;
            (lossSum, lossCount, lastGradNorm) = ckpt.Accumulators;
            elapsedBefore = ckpt.ElapsedS;
            TruncateAfter(Path.Combine(runDir, RunFiles.Metrics), step);
            TruncateAfter(Path.Combine(runDir, RunFiles.Probes), step);
            log($"resuming from step {step} ({wordsSeen:N0} words seen)");
        }
        else
        {
            model.Initialize(cfg.Seed);
            foreach (var f in new[] { RunFiles.Metrics, RunFiles.Probes })
                AtomicFile.TryDelete(Path.Combine(runDir, f));
        }

        var dev = data.DevShardDir is { } devDir ? TokenShard.Open(devDir) : null;
        try
        {
            var timer = Stopwatch.StartNew();
            long tokensAtLastLog = tokensSeen;
            double timeAtLastLog = 0;
            Batch? batch = null;
            double? lastDev = null;
            bool WordsDone() => cfg.Budget.Words > 0 && wordsSeen >= cfg.Budget.Words;
            bool StepsDone() => cfg.Budget.Words > 0 ? WordsDone() : step >= totalSteps;

            while (!StepsDone())
            {
                double progress = Math.Min(1.0, (double)step / totalSteps);
                int T = curriculum.SequenceLength(progress, cfg.Model.Context);
                if (batch is null || batch.T != T) batch = new Batch(sequences, T);
                double maskRate = curriculum.MaskRate(progress, cfg.Objective.MaskProb);
                model.ZeroGradients();
                double stepLoss = 0;
                long wordsBefore = wordsSeen;
                for (int micro = 0; micro < cfg.Batch.Accumulation; micro++)
                {
                    batcher.Fill(batch, progress, maskRate);
                    curriculum.FilterInputs(batch.Inputs, progress);
                    wordsSeen += batch.Words;
                    tokensSeen += batch.Tokens;
                    if (batch.TargetCount == 0) continue;
                    double loss = model.Forward(batch, causal, 1f / cfg.Batch.Accumulation);
                    if (!double.IsFinite(loss)) throw Divergence.Error("loss", loss, step + 1, runDir, cfg, request.Sweep);
                    model.Backward();
                    stepLoss += loss / cfg.Batch.Accumulation;
                }
                double lr = LrSchedule.At(step, totalSteps, cfg.Optimizer.Lr, cfg.Schedule);
                lastGradNorm = optimizer.Step(checked((int)(step + 1)), (float)lr);
                if (!double.IsFinite(lastGradNorm)) throw Divergence.Error("gradient norm", lastGradNorm, step + 1, runDir, cfg, request.Sweep);
                step++;
                lossSum += stepLoss;
                lossCount++;

                if (curriculum.WantsRescore(step))
                    curriculum.Rescore(utts => UtteranceLosses.Compute(model, train, utts, cfg, causal));

                bool last = StepsDone();
                bool devDue = dev is not null && ((cfg.Eval.EverySteps > 0 && step % cfg.Eval.EverySteps == 0) || last);
                if (devDue) lastDev = DevLoss(model, dev!, cfg, sequences, causal, data.Tokenizer.VocabSize);
                if (step % cfg.Log.EverySteps == 0 || last || devDue)
                {
                    double now = timer.Elapsed.TotalSeconds;
                    double tps = (tokensSeen - tokensAtLastLog) / Math.Max(1e-9, now - timeAtLastLog);
                    var line = new MetricsLine
                    {
                        Step = step, WordsSeen = wordsSeen, TokensSeen = tokensSeen, Loss = lossSum / Math.Max(1, lossCount),
                        DevLoss = devDue ? lastDev : null, Lr = lr, GradNorm = lastGradNorm, Epoch = curriculum.Epoch,
                        TokensPerS = tps, ElapsedS = elapsedBefore + now,
                    };
                    RunFiles.AppendLine(Path.Combine(runDir, RunFiles.Metrics), line);
                    info = info with { Step = step, TotalSteps = totalSteps, WordsSeen = wordsSeen, Loss = line.Loss };
                    info.Write(runDir);
                    request.Progress?.Invoke(new TrainProgress(step, totalSteps, line.Loss, wordsSeen, tps, TimeSpan.FromSeconds(elapsedBefore + now)));
                    lossSum = 0;
                    lossCount = 0;
                    tokensAtLastLog = tokensSeen;
                    timeAtLastLog = now;
                }

                var crossed = Milestones.Crossed(wordsBefore, wordsSeen).ToList();
                bool probesDue = request.Probes is not null && cfg.Eval.Probes.Count > 0 && !last
                    && ((cfg.Eval.ProbesEverySteps > 0 && step % cfg.Eval.ProbesEverySteps == 0) || (cfg.Eval.ProbesAtMilestones && crossed.Count > 0));
                if (probesDue) request.Probes!.Evaluate(model, data, step, wordsSeen, full: false, runDir);
                if (last && request.Probes is not null && cfg.Eval.Probes.Count > 0)
                    request.Probes.Evaluate(model, data, step, wordsSeen, full: true, runDir);

                bool stopNow = request.Cancel.IsCancellationRequested || request.StopAfterStep == step;
                bool ckptDue = last || stopNow || (cfg.Checkpoint.EverySteps > 0 && step % cfg.Checkpoint.EverySteps == 0)
                    || (cfg.Checkpoint.Milestones && crossed.Count > 0);
                if (ckptDue)
                {
                    var (m, v) = optimizer.ReadMoments();
                    var state = new CheckpointState
                    {
                        ConfigHash = configHash, CanonicalConfig = canonical, LayoutSignature = model.Layout.Signature(),
                        Step = step, TokensSeen = tokensSeen, WordsSeen = wordsSeen, Epoch = curriculum.Epoch,
                        Parameters = model.ReadParameters(), M = m, V = v, BatcherState = batcher.SaveState(),
                        Accumulators = new LogAccumulators(lossSum, lossCount, lastGradNorm), ElapsedS = elapsedBefore + timer.Elapsed.TotalSeconds,
                        TokenizerHash = data.Tokenizer.ContentHash(),
                    };
                    SaveCheckpoint(runDir, state, cfg.Checkpoint, crossed);
                }
                if (stopNow && !last)
                {
                    if (backend is CudaBackend g1) info = info with { GpuPeakBytes = g1.PeakAllocatedBytes };
                    log(request.Cancel.IsCancellationRequested ? $"interrupted: checkpointed at step {step}" : $"stopped after step {step}");
                    return new TrainResult(runDir, step, totalSteps, wordsSeen, lossSum, lastDev, Completed: false);
                }
            }
            if (backend is CudaBackend g2) info = info with { GpuPeakBytes = g2.PeakAllocatedBytes };
            var metrics = RunFiles.ReadLines<MetricsLine>(Path.Combine(runDir, RunFiles.Metrics));
            return new TrainResult(runDir, step, totalSteps, wordsSeen, metrics.LastOrDefault()?.Loss ?? double.NaN, lastDev, Completed: true);
        }
        finally
        {
            dev?.Dispose();
        }
    }

    /// <summary>The optimizer section as the engine's AdamW settings.</summary>
    public static AdamWSettings OptimizerSettings(OptimizerConfig o) => new()
    {
        Beta1 = (float)o.Beta1, Beta2 = (float)o.Beta2, Eps = (float)o.Eps, WeightDecay = (float)o.WeightDecay, Clip = o.Clip,
    };

    public static BatcherOptions BatcherOptionsFor(RunConfig cfg, int vocab, long seed) => new()
    {
        Objective = cfg.Objective.Kind,
        Packing = cfg.Objective.Packing,
        VocabSize = vocab,
        Seed = seed,
        MaskTokenProb = cfg.Objective.MaskTokenProb,
        RandomTokenProb = cfg.Objective.RandomTokenProb,
        NeverUnmasked = cfg.Objective.NeverUnmasked,
    };

    /// <summary>Total optimizer steps of the budget (for a words budget, the estimate the schedule uses).</summary>
    public static long TotalSteps(RunConfig cfg, TokenShard train, int sequences)
    {
        var b = cfg.Budget;
        if (b.Steps > 0) return b.Steps;
        bool packed = cfg.Objective.Packing == "packed";
        int framing = cfg.Objective.Kind == "mlm" ? 2 : 1;
        double framedTokens = train.TokenCount + (double)framing * train.Count;
        double tokensPerStep = (double)sequences * cfg.Model.Context * cfg.Batch.Accumulation;
        double utterancesPerStep = (double)sequences * cfg.Batch.Accumulation;
        double stepsPerEpoch = packed ? framedTokens / tokensPerStep : train.Count / utterancesPerStep;
        double steps = b.Epochs > 0 ? b.Epochs * stepsPerEpoch
            : b.Tokens > 0 ? b.Tokens / (packed ? tokensPerStep : tokensPerStep * (framedTokens / train.Count) / cfg.Model.Context)
            : b.Words * stepsPerEpoch / Math.Max(1, train.Words);
        return Math.Max(1, (long)Math.Ceiling(steps));
    }

    private static double DevLoss(ILanguageModel model, TokenShard dev, RunConfig cfg, int sequences, bool causal, int vocab)
    {
        var batcher = new Batcher(dev, new FixedOrderCurriculum(dev.Count), BatcherOptionsFor(cfg, vocab, cfg.Seed ^ 0x5eed));
        var batch = new Batch(sequences, cfg.Model.Context);
        long budget = cfg.Eval.DevTokens > 0 ? cfg.Eval.DevTokens : dev.TokenCount + dev.Count;
        double sum = 0;
        long count = 0, tokens = 0;
        while (tokens < budget)
        {
            batcher.Fill(batch, 1.0, cfg.Objective.MaskProb);
            tokens += batch.Tokens;
            if (batch.TargetCount == 0) continue;
            sum += model.Forward(batch, causal, 0f) * batch.TargetCount;
            count += batch.TargetCount;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private static CheckpointState? LoadLatestCheckpoint(string runDir, string configHash, string layout, Action<string> log,
        string canonical, IReadOnlyList<string> acceptedChanges)
    {
        var files = Checkpoint.List(runDir);
        for (int i = files.Count - 1; i >= 0; i--)
        {
            CheckpointState state;
            try
            {
                state = Checkpoint.Load(files[i]);
            }
            catch (BabyLmException ex)
            {
                log($"skipping unreadable checkpoint: {ex.Message}");
                continue;
            }
            if (state.ConfigHash != configHash && !RunFolder.MayResume(state.CanonicalConfig, canonical, acceptedChanges))
                throw new BabyLmException($"{files[i]} was written by another config (hash {state.ConfigHash[..10]}, this run {configHash[..10]})",
                    "train into a new folder, or delete the checkpoints of the old run");
            if (state.LayoutSignature != layout)
                throw new BabyLmException($"{files[i]} holds another model layout", "train into a new folder");
            return state;
        }
        return null;
    }

    private static void SaveCheckpoint(string runDir, CheckpointState state, CheckpointConfig cfg, List<long> milestones)
    {
        var dir = Path.Combine(runDir, RunFiles.Checkpoints);
        Directory.CreateDirectory(dir);
        Checkpoint.Save(Path.Combine(dir, Checkpoint.FileName(state.Step)), state);
        foreach (var words in milestones)
            AtomicFile.Copy(Path.Combine(dir, Checkpoint.FileName(state.Step)), Path.Combine(dir, $"words-{Milestones.Label(words)}.ckpt"));
        // Rolling: keep the newest `keep` step checkpoints (milestone copies are separate files).
        var steps = Checkpoint.List(runDir);
        for (int i = 0; i < steps.Count - cfg.Keep; i++) AtomicFile.TryDelete(steps[i]);
    }

    /// <summary>Drops JSONL lines whose step is beyond <paramref name="step"/> (written after the checkpoint we resume from).</summary>
    private static void TruncateAfter(string path, long step)
    {
        if (!File.Exists(path)) return;
        var kept = new List<string>();
        foreach (var line in File.ReadAllText(path).Split('\n'))
        {
            if (line.Length == 0) continue;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(line);
                if (doc.RootElement.GetProperty("step").GetInt64() <= step) kept.Add(line);
            }
            catch (System.Text.Json.JsonException)
            {
                // a torn last line from the kill: drop it
            }
        }
        AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
    }
}
