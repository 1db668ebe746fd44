// Minimal-pair evaluation: a pair is correct iff score(good) > score(bad); ties are counted apart and
// earn 0.5 (half, the default) or 1 (babylm: what the official pipelines' argmax does). Accuracy per
// paradigm; per phenomenon and per field the unweighted mean over their paradigms; the suite score is
// the unweighted mean over paradigms. Every result names the suite version and the scorer.
using BabyLm.Corpus.Probes;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Evaluation;

public enum TieMode { Half, Babylm }

public sealed record PairScore(string Suite, string Paradigm, int Item, string? Id, string Good, string Bad,
    double ScoreGood, double ScoreBad, int TokensGood, int TokensBad);

public sealed record ParadigmResult(string Paradigm, string Phenomenon, string? Field, int Pairs, int Correct, int Ties, double Accuracy);

public sealed record SuiteResult(string Suite, string Version, string Scorer, TieMode Ties,
    IReadOnlyList<ParadigmResult> Paradigms, IReadOnlyList<PairScore> Items)
{
    /// <summary>Unweighted mean accuracy over paradigms.</summary>
    public double Score => Paradigms.Count == 0 ? double.NaN : Paradigms.Average(p => p.Accuracy);

    /// <summary>Per phenomenon: unweighted mean over its paradigms.</summary>
    public IReadOnlyList<(string Phenomenon, double Accuracy, int Paradigms)> ByPhenomenon =>
        Paradigms.GroupBy(p => p.Phenomenon).Select(g => (g.Key, g.Average(p => p.Accuracy), g.Count())).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();

    /// <summary>Per field (BLiMP), when the suite has fields.</summary>
    public IReadOnlyList<(string Field, double Accuracy, int Paradigms)> ByField =>
        Paradigms.Where(p => p.Field is not null).GroupBy(p => p.Field!).Select(g => (g.Key, g.Average(p => p.Accuracy), g.Count()))
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToList();

    public static string TieName(TieMode t) => t == TieMode.Half ? "half" : "babylm";

    public IEnumerable<ProbeLine> ToLines(long step, long wordsSeen, bool full) => Paradigms.Select(p => new ProbeLine
    {
        Step = step, WordsSeen = wordsSeen, Suite = Suite, SuiteVersion = Version, Paradigm = p.Paradigm, Phenomenon = p.Phenomenon,
        Field = p.Field, Pairs = p.Pairs, Correct = p.Correct, Ties = p.Ties, Accuracy = p.Accuracy, Scorer = Scorer,
        TieMode = TieName(Ties), Full = full,
    });
}

public static class ProbeEvaluator
{
    public static TieMode ParseTies(string text) => text switch
    {
        "half" => TieMode.Half,
        "babylm" => TieMode.Babylm,
        _ => throw new BabyLmException(BabyLm.Core.Suggest.Unknown("tie mode", text, ["half", "babylm"])),
    };

    /// <summary>Scores every pair (or the first <paramref name="pairsPerParadigm"/> of each paradigm when &gt; 0).</summary>
    public static SuiteResult Evaluate(ProbeSuite suite, ISentenceScorer scorer, TieMode ties, int pairsPerParadigm = 0)
    {
        var selected = suite.Paradigms.Select(p => (Paradigm: p, Pairs: pairsPerParadigm > 0 ? p.Pairs.Take(pairsPerParadigm).ToList() : p.Pairs.ToList())).ToList();
        var sentences = new List<string>();
        foreach (var (_, pairs) in selected)
            foreach (var pair in pairs) { sentences.Add(pair.Good); sentences.Add(pair.Bad); }
        var (scores, tokens) = scorer.Score(sentences);

        var paradigms = new List<ParadigmResult>();
        var items = new List<PairScore>();
        int k = 0;
        double credit = ties == TieMode.Half ? 0.5 : 1.0;
        foreach (var (paradigm, pairs) in selected)
        {
            int correct = 0, tied = 0;
            for (int i = 0; i < pairs.Count; i++, k += 2)
            {
                double good = scores[k], bad = scores[k + 1];
                if (good > bad) correct++;
                else if (good == bad) tied++;
                items.Add(new PairScore(suite.Name, paradigm.Uid, i, pairs[i].Id, pairs[i].Good, pairs[i].Bad, good, bad, tokens[k], tokens[k + 1]));
            }
            double accuracy = pairs.Count == 0 ? double.NaN : (correct + credit * tied) / pairs.Count;
            paradigms.Add(new ParadigmResult(paradigm.Uid, paradigm.Phenomenon, paradigm.Field, pairs.Count, correct, tied, accuracy));
        }
        return new SuiteResult(suite.Name, suite.Version, scorer.Name, ties, paradigms, items);
    }
}
