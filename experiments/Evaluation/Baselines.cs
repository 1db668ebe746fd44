// The floor every curriculum result is read against: unigram and word-bigram models (add-k smoothing)
// fit on a run's training corpus, scored on the same suites with the same decision rule (a completion
// by its own words, after the prefix's last word). They also show which paradigms a surface statistic
// already solves.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Evaluation;

/// <summary>An n-gram model as a sentence scorer (tokens = words).</summary>
public sealed class NGramScorer(NGramBaseline model) : ISentenceScorer
{
    public string Name => model.Name;

    public (double[] Scores, int[] Tokens) Score(IReadOnlyList<Candidate> candidates)
        => (candidates.Select(c => model.ScoreCompletion(c.Prefix, c.Completion)).ToArray(),
            candidates.Select(c => NGramBaseline.Tokenize(c.Completion).Count).ToArray());
}

public static class Baselines
{
    /// <summary>Unigram and bigram results on each suite, as baseline lines (step 0, words = the corpus's train words).</summary>
    public static List<ProbeLine> Compute(string corpus, string? split, CleaningProfile cleaning, IReadOnlyList<ZeroShotTask> suites, TieMode ties)
    {
        var layout = CorpusLayout.Open(corpus);
        var trainSplit = layout.ResolveTrainSplit(split);
        var lines = new List<ProbeLine>();
        foreach (int order in new[] { 1, 2 })
        {
            var model = NGramBaseline.Fit(layout, order, split: trainSplit, cleaning: cleaning);
            var scorer = new NGramScorer(model);
            foreach (var suite in suites)
            {
                var result = ProbeEvaluator.Evaluate(suite, scorer, ties);
                lines.AddRange(result.ToLines(0, model.Tokens, full: true).Select(l => l with { Baseline = model.Name }));
            }
        }
        return lines;
    }
}
