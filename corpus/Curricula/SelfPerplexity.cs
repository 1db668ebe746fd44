// The self-perplexity scorer: the model's own perplexity on each utterance, rescored every N steps.
// Until the first rescore (at step N) the model knows nothing, so the ranking starts from the unigram
// perplexity. Rescoring every utterance of a 10M-word corpus would cost an epoch of forward passes each
// time, so each rescore asks the model for a seeded sample of `rescore_sample` utterances (a fresh
// sample each time, stream "curriculum/rescore/<round>"; all of them when rescore_sample is 0 or at
// least the corpus size, which makes the scores exact) and ranks the rest through it: a least-squares
// line ln ppl_model ≈ a + b·ln ppl_unigram fit on the sample predicts the others. Sampled utterances
// get their measured score exp(loss), the rest exp(a + b·ln ppl_unigram). So the model decides where
// easy and hard lie, and the cheap score only orders what it has not seen.
// State for resume: the round, the sample and its losses (the rest is recomputed from them).
using BabyLm.Core;

namespace BabyLm.Corpus.Curricula;

internal sealed class SelfPerplexity
{
    private readonly double[] _unigram;     // unigram perplexity per utterance (the initial scores)
    private readonly int _every, _sample;
    private readonly long _seed;
    private int[] _subset = [];
    private double[] _losses = [];

    public SelfPerplexity(double[] unigramPerplexity, int everySteps, int sample, long seed)
    {
        _unigram = unigramPerplexity;
        _every = everySteps;
        _sample = sample <= 0 || sample >= unigramPerplexity.Length ? unigramPerplexity.Length : sample;
        _seed = seed;
    }

    /// <summary>Rescores done so far.</summary>
    public int Round { get; private set; }

    public double[] InitialScores => _unigram;

    public bool Wants(long step) => step > 0 && step % _every == 0;

    /// <summary>Asks the model for the next sample's losses and returns the new scores of every utterance.</summary>
    public double[] Rescore(Func<IReadOnlyList<int>, double[]> scoreBatch)
    {
        var subset = Subset(Round + 1);
        var losses = scoreBatch(subset);
        if (losses is null || losses.Length != subset.Length)
            throw new InvalidOperationException($"the model scored {losses?.Length ?? 0} utterances, {subset.Length} were asked for");
        foreach (var l in losses) if (!double.IsFinite(l)) throw new InvalidOperationException($"the model returned a loss of {l}");
        Round++;
        _subset = subset;
        _losses = (double[])losses.Clone();
        return Scores();
    }

    /// <summary>The scores after the latest rescore (measured on the sample, predicted elsewhere).</summary>
    public double[] Scores()
    {
        if (Round == 0) return _unigram;
        // Least squares of loss (= ln ppl_model) on ln ppl_unigram over the sample, in sample order.
        int m = _subset.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < m; i++) { mx += Math.Log(_unigram[_subset[i]]); my += _losses[i]; }
        mx /= m;
        my /= m;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < m; i++)
        {
            double dx = Math.Log(_unigram[_subset[i]]) - mx;
            sxy += dx * (_losses[i] - my);
            sxx += dx * dx;
        }
        double b = sxx > 0 ? sxy / sxx : 0, a = my - b * mx;
        var scores = new double[_unigram.Length];
        for (int u = 0; u < scores.Length; u++) scores[u] = Math.Exp(a + b * Math.Log(_unigram[u]));
        for (int i = 0; i < m; i++) scores[_subset[i]] = Math.Exp(_losses[i]);
        return scores;
    }

    /// <summary>The utterances scored in round <paramref name="round"/>, ascending (Floyd's sampling).</summary>
    private int[] Subset(int round)
    {
        int n = _unigram.Length;
        if (_sample >= n) return Enumerable.Range(0, n).ToArray();
        var rng = Rng.Stream(_seed, $"curriculum/rescore/{round}");
        var chosen = new HashSet<int>();
        for (int j = n - _sample; j < n; j++)
        {
            int t = rng.NextInt(j + 1);
            chosen.Add(chosen.Contains(t) ? j : t);
        }
        var subset = chosen.ToArray();
        Array.Sort(subset);
        return subset;
    }

    public void Save(BinaryWriter w)
    {
        w.Write(Round);
        w.Write(_subset.Length);
        for (int i = 0; i < _subset.Length; i++) { w.Write(_subset[i]); w.Write(_losses[i]); }
    }

    public void Restore(BinaryReader r)
    {
        int round = r.ReadInt32(), m = r.ReadInt32();
        if (round < 0 || m < 0 || m > _unigram.Length || (round > 0) != (m > 0)) throw CurriculumState.Damaged();
        var subset = new int[m];
        var losses = new double[m];
        for (int i = 0; i < m; i++)
        {
            subset[i] = r.ReadInt32();
            losses[i] = r.ReadDouble();
            if ((uint)subset[i] >= (uint)_unigram.Length) throw CurriculumState.Damaged();
        }
        Round = round;
        _subset = subset;
        _losses = losses;
    }
}
