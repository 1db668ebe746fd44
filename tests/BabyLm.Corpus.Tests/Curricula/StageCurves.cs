// The measurement behind the age-order tests: the mean age stage of each batch a curriculum feeds over a
// run, and the least-squares slope of that curve in stages per run.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Tests.Curricula;

public static class StageCurves
{
    /// <summary>Mean age stage per batch over <paramref name="batches"/> batches at progress b / batches (batches with no staged utterance left out).</summary>
    public static List<double> Of(Curriculum c, TokenShard shard, int batches, int batchSize)
    {
        var curve = new List<double>();
        for (int b = 0; b < batches; b++)
        {
            long sum = 0;
            int n = 0;
            for (int i = 0; i < batchSize; i++)
                if (ShardSidecars.AgeStage(shard[c.NextUtterance((double)b / batches)]) is int s) { sum += s; n++; }
            if (n > 0) curve.Add((double)sum / n);
        }
        return curve;
    }

    /// <summary>Least-squares slope of the curve against batch index, scaled to stages per whole curve.</summary>
    public static double Slope(List<double> y)
    {
        double mx = (y.Count - 1) / 2.0, my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < y.Count; i++) { sxy += (i - mx) * (y[i] - my); sxx += (i - mx) * (i - mx); }
        return sxy / sxx * y.Count;
    }
}
