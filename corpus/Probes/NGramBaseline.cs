// Word n-gram reference models for minimal pairs and ranked completions: a unigram and a word bigram
// with add-k smoothing, fit on a corpus's train split. A sentence's score is the sum of its words'
// log-probabilities, each conditioned on the previous word (the bigram) with a sentence-start context
// before the first word; no end-of-sentence term. A completion's score sums its own words, the first
// conditioned on the prefix's last word. Text is lower-cased and final punctuation split off (so BLiMP's "Raymond is
// selling this sketch." and the corpus's "raymond is selling this sketch ." read alike). Unknown words
// share one unseen type. They are the floor an LM should beat and evidence of what the corpus teaches:
// a bigram sees adjacent agreement; a unigram sees only word frequency.
using System.Text;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Probes;

public sealed class NGramBaseline
{
    public const double DefaultK = 0.1;
    private const int Start = 0, Unknown = 1;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal) { ["<s>"] = Start, ["<unk>"] = Unknown };
    private readonly List<long> _unigrams = [0, 0];
    private readonly List<long> _contexts = [0, 0];
    private readonly Dictionary<long, int> _bigrams = [];
    private long _tokens;

    private NGramBaseline(int order, double k)
    {
        if (order is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(order), order, "order is 1 (unigram) or 2 (bigram)");
        if (!(k > 0)) throw new ArgumentOutOfRangeException(nameof(k), k, "add-k smoothing needs k > 0");
        Order = order;
        K = k;
    }

    /// <summary>1 (unigram) or 2 (bigram).</summary>
    public int Order { get; }
    public double K { get; }
    public string Name => Order == 1 ? "unigram" : "bigram";

    /// <summary>Word types seen in training (without the start symbol and the unknown type).</summary>
    public int Types => _ids.Count - 2;
    public long Tokens => _tokens;

    /// <summary>Fits on the train split of a corpus (the only one, or <paramref name="split"/>).</summary>
    public static NGramBaseline Fit(CorpusLayout layout, int order, double k = DefaultK, string? split = null, CleaningProfile? cleaning = null)
    {
        var model = new NGramBaseline(order, k);
        var profile = cleaning ?? CleaningProfile.None;
        var chars = new char[256];
        foreach (var file in layout.FilesOf(layout.ResolveTrainSplit(split)))
        {
            CorpusText.ForEachUtterance(file.Path, profile, (text, _, _) =>
            {
                if (chars.Length < text.Length) chars = new char[text.Length * 2];
                int n = Encoding.UTF8.GetChars(text, chars);
                model.Add(new string(chars, 0, n));
            });
        }
        return model;
    }

    /// <summary>Fits on lines of text (one utterance each).</summary>
    public static NGramBaseline Fit(IEnumerable<string> lines, int order, double k = DefaultK)
    {
        var model = new NGramBaseline(order, k);
        foreach (var line in lines) model.Add(line);
        return model;
    }

    private void Add(string line)
    {
        var words = Tokenize(line);
        if (words.Count == 0) return;
        int prev = Start;
        foreach (var w in words)
        {
            if (!_ids.TryGetValue(w, out int id))
            {
                id = _ids.Count;
                _ids[w] = id;
                _unigrams.Add(0);
                _contexts.Add(0);
            }
            _unigrams[id]++;
            _tokens++;
            if (Order == 2)
            {
                _contexts[prev]++;
                long key = ((long)prev << 32) | (uint)id;
                _bigrams[key] = _bigrams.GetValueOrDefault(key) + 1;
            }
            prev = id;
        }
    }

    /// <summary>
    /// Sum of natural-log probabilities of the sentence's words (the unigram ignores context). The
    /// unigram sums its terms in sorted order, so a sentence and any permutation of its words score
    /// exactly alike: a swap or a moved phrase is a tie for it, not a coin toss of rounding.
    /// </summary>
    public double Score(string sentence) => ScoreCompletion("", sentence);

    /// <summary>
    /// Sum of the log-probabilities of <paramref name="completion"/>'s words after <paramref name="prefix"/>:
    /// the bigram conditions the first on the prefix's last word (the sentence start when the prefix has
    /// none); the unigram sums in sorted order, as for a sentence.
    /// </summary>
    public double ScoreCompletion(string prefix, string completion)
    {
        double v = Types + 1; // every seen type plus one for the unknown
        var words = Tokenize(completion);
        if (Order == 1)
        {
            var terms = new double[words.Count];
            for (int k = 0; k < terms.Length; k++)
                terms[k] = Math.Log((_unigrams[_ids.TryGetValue(words[k], out int i) ? i : Unknown] + K) / (_tokens + K * v));
            Array.Sort(terms);
            double sum = 0;
            foreach (double t in terms) sum += t;
            return sum;
        }
        double total = 0;
        int prev = Start;
        foreach (var w in Tokenize(prefix)) prev = _ids.TryGetValue(w, out int p) ? p : Unknown;
        foreach (var w in words)
        {
            int id = _ids.TryGetValue(w, out int i) ? i : Unknown;
            long count = _bigrams.GetValueOrDefault(((long)prev << 32) | (uint)id);
            total += Math.Log((count + K) / (_contexts[prev] + K * v));
            prev = id;
        }
        return total;
    }

    /// <summary>Accuracy on a paradigm: a pair is right when the good sentence scores higher; a tie counts half.</summary>
    public double Accuracy(Paradigm paradigm)
    {
        if (paradigm.Pairs.Count == 0) return double.NaN;
        double right = 0;
        foreach (var pair in paradigm.Pairs)
        {
            double g = Score(pair.Good), b = Score(pair.Bad);
            right += g > b ? 1 : g == b ? 0.5 : 0;
        }
        return right / paradigm.Pairs.Count;
    }

    /// <summary>Whitespace words, lower-cased, with trailing punctuation (. , ! ? ; :) split off as words of their own.</summary>
    public static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        foreach (var raw in Words.Split(text))
        {
            var w = raw.ToLowerInvariant();
            int end = w.Length;
            while (end > 0 && ".,!?;:".Contains(w[end - 1])) end--;
            if (end > 0) words.Add(w[..end]);
            for (int i = end; i < w.Length; i++) words.Add(w[i].ToString());
        }
        return words;
    }
}
