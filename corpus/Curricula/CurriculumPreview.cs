// What a curriculum will do, before any training: the pacing curve at evenly spaced points (difficulty,
// share of utterances and of words eligible, share of the vocabulary allowed, sequence length, masking
// rate) and, at a few points, a sample of the utterances it would draw there, decoded (after the
// vocabulary filter, so <unk> shows where it bites). Behind `babylm curriculum show`. Leaves the
// curriculum's state as it found it; the sample has its own stream ("curriculum/show").
using System.Globalization;
using BabyLm.Core;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Curricula;

public sealed record PreviewRow(double Progress, long? Step, double Difficulty, double EligibleShare, double EligibleWordShare,
    double VocabularyShare, int SequenceLength, double? MaskRate);

public sealed record PreviewSample(double Progress, int Eligible, IReadOnlyList<(int Utterance, string Source, string Text)> Utterances);

public sealed record CurriculumPreview(string Summary, IReadOnlyList<PreviewRow> Rows, IReadOnlyList<PreviewSample> Samples)
{
    /// <summary>
    /// Previews <paramref name="curriculum"/> at <paramref name="points"/> + 1 evenly spaced progress values, with
    /// <paramref name="perSample"/> utterances at each of <paramref name="samplePoints"/> of them.
    /// </summary>
    public static CurriculumPreview Build(Curriculum curriculum, TokenShard train, BpeTokenizer tokenizer, IReadOnlyList<string> sources,
        int points = 20, long? totalSteps = null, int context = 128, double? maskRate = null, int samplePoints = 3, int perSample = 5, long seed = 1)
    {
        if (points < 1) throw new BabyLmException($"--steps must be at least 1, got {points}");
        var c = curriculum.Config;
        var rows = new List<PreviewRow>();
        var ranking = curriculum.Ranking.ToArray();
        var prefixWords = new long[ranking.Length + 1];
        for (int r = 0; r < ranking.Length; r++) prefixWords[r + 1] = prefixWords[r] + train[ranking[r]].Words;
        for (int i = 0; i <= points; i++)
        {
            double p = (double)i / points;
            int k = curriculum.EligibleCount(p);
            double wordShare = ranking.Length == 0 || train.Words == 0 ? 1.0 : (double)prefixWords[k] / train.Words;
            rows.Add(new PreviewRow(p, totalSteps is { } n ? (long)Math.Round(p * n) : null, curriculum.DataDifficulty(p),
                (double)k / train.Count, wordShare, curriculum.Vocabulary.AllowedShare(p), curriculum.SequenceLength(p, context),
                maskRate is { } m ? curriculum.MaskRate(p, m) : null));
        }

        var samples = new List<PreviewSample>();
        var rng = Rng.Stream(seed, "curriculum/show");
        var at = samplePoints <= 1 ? [0.0] : Enumerable.Range(0, samplePoints).Select(j => Math.Min(1.0, c.End * j / (samplePoints - 1))).Distinct().ToArray();
        if (!curriculum.Paced) at = [0.0];
        foreach (double p in at)
        {
            int k = curriculum.EligibleCount(p);
            var picked = new List<int>();
            if (curriculum.Paced)
            {
                var pool = ranking.AsSpan(0, k).ToArray();
                rng.Shuffle(pool.AsSpan());
                picked.AddRange(pool.Take(perSample));
            }
            else
            {
                // A fixed order: the next utterances it feeds (its state is put back afterwards).
                var saved = curriculum.SaveState();
                for (int j = 0; j < Math.Min(perSample, train.Count); j++) picked.Add(curriculum.NextUtterance(p));
                curriculum.RestoreState(saved);
            }
            var texts = picked.Select(u =>
            {
                var tokens = train.Tokens(u);
                curriculum.FilterInputs(tokens, p);
                return (u, sources.Count > train[u].Source ? sources[train[u].Source] : $"source {train[u].Source}", tokenizer.Decode(tokens));
            }).ToList();
            samples.Add(new PreviewSample(p, k, texts));
        }
        return new CurriculumPreview(Describe(c), rows, samples);
    }

    public static string Describe(CurriculumConfig c)
    {
        var inv = CultureInfo.InvariantCulture;
        string pacing = $"s {c.Start.ToString(inv)}, e {c.End.ToString(inv)}, d0 {c.D0.ToString(inv)}, dmax {c.Dmax.ToString(inv)}, c {c.C.ToString(inv)}";
        var data = c.Scorer == "none"
            ? $"order {c.Order}" + (c.Order == "source" ? $" [{string.Join(", ", c.Sources)}]" : "")
            : $"scorer {c.Scorer}{(c.Scorer == "source" ? $" [{string.Join(", ", c.Sources)}]" : "")} × pacing {c.Pacing} ({pacing}), {(c.Weighted ? "weighted by score" : "uniform")} draws without replacement"
              + (c.Scorer == "self-perplexity" ? $"; rescored every {c.RescoreEverySteps} steps on {(c.RescoreSample == 0 ? "every utterance" : $"{c.RescoreSample} utterances")} (before that: unigram perplexity)" : "");
        var vocab = c.Vocab == "none" ? "vocab none" : $"vocab {c.Vocab} × {c.VocabPacing}";
        return $"{data}; {vocab}; seq_len {c.SeqLen}; mask_rate {c.MaskRate}";
    }

    public void Write(TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"curriculum: {Summary}");
        o.WriteLine();
        o.WriteLine(" progress      step  difficulty  eligible  elig.words  vocab  seq_len  mask");
        foreach (var r in Rows)
        {
            o.WriteLine(string.Format(inv, "  {0,6:0.00}  {1,8}  {2,10:0.000}  {3,7:0.0}%  {4,9:0.0}%  {5,4:0}%  {6,7}  {7,4}",
                r.Progress, r.Step?.ToString("N0", inv) ?? "-", r.Difficulty, 100 * r.EligibleShare, 100 * r.EligibleWordShare,
                100 * r.VocabularyShare, r.SequenceLength, r.MaskRate?.ToString("0.000", inv) ?? "-"));
        }
        foreach (var s in Samples)
        {
            o.WriteLine();
            o.WriteLine($"at progress {s.Progress.ToString("0.00", inv)}: {s.Eligible:N0} utterances eligible; a sample:");
            foreach (var (u, source, text) in s.Utterances) o.WriteLine($"  [{source} #{u}] {text}");
        }
    }
}
