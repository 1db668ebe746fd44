// Builds the curriculum a run config asks for over a train shard: checks the settings (every problem
// at once, with "did you mean"), finds the source ranks, gets the difficulty scores (from the cache
// beside the shard when current), and wires sampler, vocabulary schedule and self-perplexity rescoring.
// All randomness comes from the run seed through named streams "curriculum/…".
using BabyLm.Config;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Curricula;

/// <summary>What a curriculum needs besides its config and the train shard.</summary>
public sealed record CurriculumContext
{
    /// <summary>The run seed (streams curriculum/order/…, curriculum/draw, curriculum/ties/…, curriculum/rescore/…).</summary>
    public required long Seed { get; init; }
    /// <summary>The shard's tokenizer: word-level scorers read token bytes; cache keys name it; pos schedules use it for punctuation.</summary>
    public required BpeTokenizer Tokenizer { get; init; }
    /// <summary>Source names (ShardManifest.Sources) that the records' Source indexes; null = read shards.json beside the train folder.</summary>
    public IReadOnlyList<string>? Sources { get; init; }
    /// <summary>The id that replaces tokens a vocabulary schedule does not yet allow.</summary>
    public int UnkId { get; init; } = BpeTokenizer.UnkId;
    /// <summary>Threads for scoring (0 = all cores); scores do not depend on it.</summary>
    public int Threads { get; init; }
    /// <summary>Progress lines (scoring, caching), or null.</summary>
    public Action<string>? Log { get; init; }
}

public static class CurriculumBuilder
{
    /// <summary>The curriculum of <paramref name="config"/> over <paramref name="train"/>; user errors are <see cref="BabyLmException"/>s.</summary>
    public static Curriculum Create(CurriculumConfig config, TokenShard train, CurriculumContext context)
    {
        var problems = new ConfigProblems("curriculum");
        config.Validate(problems, "curriculum");
        problems.ThrowIfAny();
        if (train.Count == 0) throw new BabyLmException($"{train.Directory}: the train split has no utterances");
        if (train.VocabSize != context.Tokenizer.VocabSize)
            throw new BabyLmException($"{train.Directory}: the shard has a vocabulary of {train.VocabSize}, the tokenizer {context.Tokenizer.VocabSize}",
                "prepare the shards with this tokenizer");

        int[]? sourceRanks = null;
        if (config.Order == "source" || config.Scorer == "source")
            sourceRanks = SourceOrders.Ranks(config.Sources, context.Sources ?? ReadSources(train));
        var inputs = new ScoringInputs { Tokenizer = context.Tokenizer, SourceRanks = sourceRanks, Threads = context.Threads, Log = context.Log };

        IUtteranceSampler sampler;
        PacedSampler? paced = null;
        SelfPerplexity? self = null;
        if (config.Scorer == "none")
        {
            sampler = new OrderSampler(config.Order, train.Count, context.Seed, train.Records, sourceRanks);
        }
        else
        {
            double[] scores;
            if (config.Scorer == "self-perplexity")
            {
                self = new SelfPerplexity(DifficultyScorers.Get("unigram-perplexity", train, inputs), config.RescoreEverySteps, config.RescoreSample, context.Seed);
                scores = self.InitialScores;
            }
            else
            {
                scores = DifficultyScorers.Get(config.Scorer, train, inputs);
            }
            sampler = paced = new PacedSampler(scores, context.Seed, config.Weighted);
        }

        var vocabulary = VocabularySchedule.Create(config.Vocab, config.VocabPacing, PacingParams.From(config), train.VocabSize,
            config.Vocab == "pos" ? ShardSidecars.ReadTokenClasses(train.Directory) : null, context.Tokenizer, train.Directory);
        return new Curriculum(config, train, sampler, paced, self, vocabulary, context.UnkId);
    }

    private static IReadOnlyList<string> ReadSources(TokenShard train)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(train.Directory).TrimEnd(Path.DirectorySeparatorChar))!;
        return ShardSet.ReadManifest(root).Sources;
    }
}
