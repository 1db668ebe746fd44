// The model's own mean token loss on given utterances (one utterance per row, padded): what the
// self-perplexity curriculum ranks by. Masked models are scored on a fixed masking of each utterance.
using BabyLm.Corpus.Shards;
using BabyLm.Engine;
using BabyLm.Engine.Models;

namespace BabyLm.Experiments.Training;

public static class UtteranceLosses
{
    public static double[] Compute(ILanguageModel model, TokenShard shard, IReadOnlyList<int> utterances, RunConfig cfg, bool causal)
    {
        var result = new double[utterances.Count];
        int rows = Math.Max(1, cfg.Batch.Sequences);
        var list = new FixedOrderCurriculum(utterances);
        var options = Trainer.BatcherOptionsFor(cfg, model.VocabSize, cfg.Seed ^ 0x5c07e) with { Packing = "sentences" };
        var batcher = new Batcher(shard, list, options);
        var batch = new Batch(rows, cfg.Model.Context);
        var logProbs = new float[rows * cfg.Model.Context];
        for (int start = 0; start < utterances.Count; start += rows)
        {
            batcher.Fill(batch, 1.0, cfg.Objective.MaskProb);
            model.TargetLogProbs(batch, causal, logProbs);
            for (int r = 0; r < rows && start + r < utterances.Count; r++)
            {
                double sum = 0;
                int n = 0;
                for (int t = 0; t < batch.T; t++)
                {
                    int i = r * batch.T + t;
                    if (batch.Targets[i] == Batch.Ignore) continue;
                    sum -= logProbs[i];
                    n++;
                }
                result[start + r] = n == 0 ? 0 : sum / n;
            }
        }
        return result;
    }
}
