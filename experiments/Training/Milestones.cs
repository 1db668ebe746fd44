// BabyLM word milestones: every 1M words up to 10M, every 10M up to 100M, every 100M up to 1B.
namespace BabyLm.Experiments.Training;

public static class Milestones
{
    public static IEnumerable<long> All()
    {
        for (long m = 1; m <= 10; m++) yield return m * 1_000_000;
        for (long m = 2; m <= 10; m++) yield return m * 10_000_000;
        for (long m = 2; m <= 10; m++) yield return m * 100_000_000;
    }

    /// <summary>Milestones crossed when words seen go from <paramref name="before"/> to <paramref name="after"/> (exclusive, inclusive).</summary>
    public static IEnumerable<long> Crossed(long before, long after) => All().Where(m => m > before && m <= after);

    public static string Label(long words) => BabyLm.Corpus.Text.Sizes.Format(words);
}
