// A small prepared corpus for curriculum tests, built once per test class: an age-staged `childes`
// source (with its childes.train.stages sidecar, as the synthetic corpus writes it; later stages have
// longer utterances and rarer words), `dialogue` and `stories` sources without stages, a 400-token BPE,
// and token shards. Optionally a word-classes.tsv so the corpus carries parts of speech.
using System.Text;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class CurriculumFixture : IDisposable
{
    public static readonly string[] Nouns = ["dog", "ball", "cup", "kitty", "truck", "duck", "book", "apple", "shoe", "bunny"];
    public static readonly string[] Verbs = ["see", "want", "find", "eat", "throw", "push"];
    public static readonly string[] Adjectives = ["big", "red", "little", "happy", "yummy"];
    public static readonly string[] Function = ["the", "a", "you", "is", "it", "where", "look", "at", "on", "and"];

    private readonly TempDir _dir = new();

    public CurriculumFixture() : this(withWordClasses: false) { }

    internal CurriculumFixture(bool withWordClasses)
    {
        var rng = new Random(7);
        var childes = new StringBuilder();
        var stages = new StringBuilder();
        for (int stage = 1; stage <= 6; stage++)
        {
            for (int i = 0; i < 120; i++)
            {
                int len = stage + rng.Next(1, 3);
                childes.Append(Sentence(rng, len, stage)).Append('\n');
                stages.Append(stage).Append('\n');
                if (i % 37 == 5) { childes.Append('\n'); stages.Append(stage).Append('\n'); } // blank lines keep their stage line
            }
        }
        _dir.Write("corpus/train_10M/childes.train", childes.ToString());
        _dir.Write("corpus/train_10M/childes.train.stages", stages.ToString());
        _dir.Write("corpus/train_10M/dialogue.train", Lines(rng, 150, 3, 7));
        _dir.Write("corpus/train_10M/stories.train", Lines(rng, 150, 6, 12));
        _dir.Write("corpus/dev/childes.dev", Lines(rng, 30, 2, 5));
        if (withWordClasses)
        {
            var tsv = new StringBuilder("# word\tclass\n");
            foreach (var w in Nouns) tsv.Append(w).Append("\tnoun\n");
            foreach (var w in Verbs) tsv.Append(w).Append("\tverb\n");
            foreach (var w in Adjectives) tsv.Append(w).Append("\tadj\n");
            foreach (var w in new[] { "the", "a" }) tsv.Append(w).Append("\tdet\n");
            tsv.Append(".\tpunct\n?\tpunct\n");
            _dir.Write("corpus/" + ShardSidecars.WordClassesFile, tsv.ToString());
        }
        var layout = CorpusLayout.Open(_dir["corpus"]);
        Tokenizer = BpeTrainer.Train(layout, "train_10M", CleaningProfile.None, new BpeTrainingOptions { VocabSize = 400 });
        TokenizerPath = _dir["tok.json"];
        Tokenizer.Save(TokenizerPath);
        Prepared = ShardSet.Prepare(new PrepareRequest { Corpus = _dir["corpus"], Tokenizer = TokenizerPath, Out = _dir["shards"] });
        Train = TokenShard.Open(TrainDir);
    }

    public BpeTokenizer Tokenizer { get; }
    public string TokenizerPath { get; }
    public PrepareResult Prepared { get; }
    public TokenShard Train { get; }
    public string TrainDir => Path.Combine(Prepared.Directory, ShardSet.TrainDir);
    public string Root => _dir.Path;

    public CurriculumContext Context(long seed = 1) => new() { Seed = seed, Tokenizer = Tokenizer, Threads = 2 };

    public Curriculum Create(CurriculumConfig config, long seed = 1) => CurriculumBuilder.Create(config, Train, Context(seed));

    private static string Sentence(Random rng, int words, int stage)
    {
        var parts = new List<string>();
        for (int k = 0; k < words; k++)
        {
            // Later stages reach further into each word list (rarer words).
            var pool = (k % 4) switch { 0 => Function, 1 => Verbs, 2 => Adjectives, _ => Nouns };
            parts.Add(pool[rng.Next(Math.Max(1, pool.Length * stage / 6))]);
        }
        return string.Join(' ', parts) + (rng.Next(3) == 0 ? " ?" : " .");
    }

    private static string Lines(Random rng, int count, int minWords, int maxWords)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.Append(Sentence(rng, rng.Next(minWords, maxWords + 1), 6)).Append('\n');
        return sb.ToString();
    }

    public void Dispose()
    {
        Train.Dispose();
        _dir.Dispose();
    }
}

/// <summary>The same corpus with a word-classes.tsv (parts of speech).</summary>
public sealed class PosCurriculumFixture() : IDisposable
{
    public CurriculumFixture Inner { get; } = new(withWordClasses: true);
    public void Dispose() => Inner.Dispose();
}
