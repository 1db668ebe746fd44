// Words seen, by the BabyLM exposure rule: every utterance fed to the model adds its whitespace word count
// (the shard record's Words), each time it is fed — a curriculum that repeats an utterance counts it
// again, one that never draws an utterance never counts it. Vocabulary schedules do not change it (an
// <unk>-masked word was still read). The trainer keeps one of these per run, in its checkpoint.
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Curricula;

public struct Exposure
{
    public long Utterances { get; private set; }
    public long Words { get; private set; }

    public void Add(in UtteranceRecord utterance)
    {
        Utterances++;
        Words += utterance.Words;
    }

    /// <summary>Feeds <paramref name="count"/> utterances of <paramref name="curriculum"/> (progress = i / count) and counts them.</summary>
    public static Exposure Feed(ICurriculum curriculum, TokenShard shard, int count, List<int>? fed = null)
    {
        var e = new Exposure();
        for (int i = 0; i < count; i++)
        {
            int u = curriculum.NextUtterance((double)i / count);
            fed?.Add(u);
            e.Add(shard[u]);
        }
        return e;
    }
}
