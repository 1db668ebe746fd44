// The reference models a confound check scores with, all fit on one corpus's train split: a unigram and
// a word bigram (add-k, as the baselines), the distribution of utterance-final punctuation marks, and
// a BPE tokenizer whose token counts the length-only scorer compares (the model's own tokenizer when
// given, else one trained on the same corpus). It says nothing about grammar: it is the surface
// statistics a language model could use instead of grammar.
using System.Text;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Probes;

public sealed class SurfaceReference
{
    /// <summary>Vocabulary of the tokenizer trained when none is given: the demo's.</summary>
    public const int DefaultVocab = 4096;

    public SurfaceReference(NGramBaseline unigram, NGramBaseline bigram, FinalMarks marks, BpeTokenizer tokenizer, string corpus, string tokenizerSource)
    {
        if (unigram.Order != 1) throw new ArgumentException("the unigram must have order 1", nameof(unigram));
        if (bigram.Order != 2) throw new ArgumentException("the bigram must have order 2", nameof(bigram));
        Unigram = unigram;
        Bigram = bigram;
        Marks = marks;
        Tokenizer = tokenizer;
        Corpus = corpus;
        TokenizerSource = tokenizerSource;
    }

    public NGramBaseline Unigram { get; }
    public NGramBaseline Bigram { get; }
    public FinalMarks Marks { get; }
    public BpeTokenizer Tokenizer { get; }
    /// <summary>What the models were fit on (a path and split, or the built-in corpus's request).</summary>
    public string Corpus { get; }
    /// <summary>Where the tokenizer came from (a file, or "trained on the corpus, vocab N").</summary>
    public string TokenizerSource { get; }

    /// <summary>Fits every model on the train split of <paramref name="layout"/>; trains a BPE of <paramref name="vocab"/> unless <paramref name="tokenizer"/> is given.</summary>
    public static SurfaceReference Fit(CorpusLayout layout, string? split = null, CleaningProfile? cleaning = null,
        BpeTokenizer? tokenizer = null, string? tokenizerPath = null, int vocab = DefaultVocab, string? describe = null)
    {
        var profile = cleaning ?? CleaningProfile.None;
        var trainSplit = layout.ResolveTrainSplit(split);
        var unigram = NGramBaseline.Fit(layout, 1, split: trainSplit, cleaning: profile);
        var bigram = NGramBaseline.Fit(layout, 2, split: trainSplit, cleaning: profile);
        var marks = FinalMarks.Fit(layout, trainSplit, profile);
        string source;
        if (tokenizer is not null) source = tokenizerPath ?? "given";
        else
        {
            tokenizer = BpeTrainer.Train(layout, trainSplit, profile, new BpeTrainingOptions { VocabSize = vocab });
            source = $"BPE trained on the corpus, vocab {vocab}";
        }
        return new SurfaceReference(unigram, bigram, marks, tokenizer, describe ?? $"{layout.Root} ({trainSplit}, cleaning {profile.Name})", source);
    }

    /// <summary>
    /// The reference for suites without a corpus of their own: the built-in language, <paramref name="words"/>
    /// words synthesized with <paramref name="seed"/> into a scratch folder (deleted afterwards).
    /// </summary>
    public static SurfaceReference FitBuiltin(long words, long seed, BpeTokenizer? tokenizer = null, string? tokenizerPath = null, int vocab = DefaultVocab)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"babylm-surface-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Language.SyntheticCorpus.Write(new Language.SynthRequest { Words = words, Out = dir, Seed = seed });
            return Fit(CorpusLayout.Open(dir), tokenizer: tokenizer, tokenizerPath: tokenizerPath, vocab: vocab,
                describe: $"built-in corpus, {Text.Sizes.Format(words)} words, seed {seed}");
        }
        finally
        {
            BabyLm.Core.AtomicFile.TryDeleteDirectory(dir);
        }
    }

    /// <summary>Tokens the tokenizer gives the sentence (no BOS: both members of a pair get one).</summary>
    public int TokenCount(string sentence) => Tokenizer.Encode(sentence).Length;
}

/// <summary>
/// How often each final punctuation mark (. ? ! , ; : or none) ends an utterance of a corpus, with
/// add-one smoothing: the only thing a punctuation-only scorer knows.
/// </summary>
public sealed class FinalMarks
{
    public const string None = "none";
    private static readonly string[] s_marks = [".", "?", "!", ",", ";", ":", None];
    private readonly Dictionary<string, long> _counts = s_marks.ToDictionary(m => m, _ => 0L, StringComparer.Ordinal);
    private long _total;

    public long Count(string mark) => _counts.GetValueOrDefault(mark);
    public long Total => _total;

    /// <summary>The final mark of a sentence: its last token if that is punctuation (<see cref="NGramBaseline.Tokenize"/>), else "none".</summary>
    public static string Of(string sentence)
    {
        var t = sentence.AsSpan().TrimEnd();
        if (t.Length == 0) return None;
        char c = t[^1];
        return ".?!,;:".Contains(c) ? c.ToString() : None;
    }

    /// <summary>log p(mark) with add-one smoothing over the seven marks.</summary>
    public double LogProb(string mark) => Math.Log((Count(mark) + 1.0) / (_total + s_marks.Length));

    public void Add(string utterance)
    {
        _counts[Of(utterance)]++;
        _total++;
    }

    public static FinalMarks Fit(IEnumerable<string> lines)
    {
        var m = new FinalMarks();
        foreach (var line in lines) if (line.Trim().Length > 0) m.Add(line);
        return m;
    }

    public static FinalMarks Fit(CorpusLayout layout, string trainSplit, CleaningProfile profile)
    {
        var m = new FinalMarks();
        foreach (var file in layout.FilesOf(trainSplit))
            CorpusText.ForEachUtterance(file.Path, profile, (text, _, _) => m.Add(Encoding.UTF8.GetString(text)));
        return m;
    }
}
