// Sampler properties over arbitrary scores, difficulty sequences, weighting and seeds (FsCheck): only
// eligible items are drawn; under d = 1 (pacing none) every item comes exactly once per epoch; within a
// pass nothing repeats; the same seed gives the same sequence; a sampler restored from saved state
// continues the sequence exactly. Fixed orders are checked the same way.
using BabyLm.Corpus.Curricula;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class SamplerPropertyTests
{
    /// <summary>Scores with many ties (0..15), difficulties in thousandths (so ⌈d·n⌉ has an exact integer oracle).</summary>
    public sealed record Case(double[] Scores, int[] Thousandths, bool Weighted, long Seed)
    {
        public override string ToString()
            => $"scores [{string.Join(",", Scores)}], d‰ [{string.Join(",", Thousandths)}], weighted {Weighted}, seed {Seed}";
    }

    public static class Cases
    {
        public static Arbitrary<Case> Arb() =>
            (from n in Gen.Choose(1, 120)
             from scores in Gen.Choose(0, 15).Select(x => (double)x).ArrayOf(n)
             from steps in Gen.Choose(1, 300)
             from d in Gen.Choose(0, 1000).ArrayOf(steps)
             from weighted in Gen.Elements(false, true)
             from seed in Gen.Choose(0, 1_000_000)
             select new Case(scores, d, weighted, seed)).ToArbitrary();
    }

    /// <summary>The eligibility rule, stated independently: fewer than max(1, ⌈d·n⌉) items are strictly easier.</summary>
    private static bool Eligible(double[] scores, int item, int thousandths)
    {
        int n = scores.Length;
        if (thousandths >= 1000) return true;
        long m = Math.Max(1, ((long)thousandths * n + 999) / 1000);
        return scores.Count(s => s < scores[item]) < m;
    }

    [Property(Arbitrary = [typeof(Cases)], MaxTest = 200)]
    public bool Only_eligible_items_are_drawn(Case c)
    {
        var sampler = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        foreach (int t in c.Thousandths)
        {
            int item = sampler.Next(t / 1000.0);
            if (!Eligible(c.Scores, item, t)) return false;
        }
        return true;
    }

    [Property(Arbitrary = [typeof(Cases)], MaxTest = 100)]
    public bool Under_none_pacing_every_item_comes_exactly_once_per_epoch(Case c)
    {
        var sampler = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        int n = c.Scores.Length;
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new bool[n];
            for (int i = 0; i < n; i++)
            {
                int item = sampler.Next(Pacing.Difficulty("none", 0.5, default));
                if (seen[item]) return false;
                seen[item] = true;
            }
            if (sampler.Epoch != epoch + 1) return false;
        }
        return true;
    }

    [Property(Arbitrary = [typeof(Cases)], MaxTest = 100)]
    public bool At_fixed_difficulty_each_pass_draws_every_eligible_item_once(Case c)
    {
        int t = c.Thousandths[0];
        var sampler = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        var eligible = Enumerable.Range(0, c.Scores.Length).Where(i => Eligible(c.Scores, i, t)).ToHashSet();
        for (int pass = 0; pass < 3; pass++)
        {
            var drawn = new HashSet<int>();
            for (int i = 0; i < eligible.Count; i++) drawn.Add(sampler.Next(t / 1000.0));
            if (!drawn.SetEquals(eligible)) return false;
        }
        return sampler.Epoch == 3;
    }

    [Property(Arbitrary = [typeof(Cases)], MaxTest = 100)]
    public bool The_same_seed_gives_the_same_sequence(Case c)
    {
        var a = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        var b = new PacedSampler((double[])c.Scores.Clone(), c.Seed, c.Weighted);
        return c.Thousandths.All(t => a.Next(t / 1000.0) == b.Next(t / 1000.0));
    }

    [Property(Arbitrary = [typeof(Cases)], MaxTest = 100)]
    public bool A_restored_sampler_continues_the_same_sequence(Case c)
    {
        var original = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        int cut = c.Thousandths.Length / 2;
        for (int i = 0; i < cut; i++) original.Next(c.Thousandths[i] / 1000.0);
        var state = Save(original);
        var resumed = new PacedSampler(c.Scores, c.Seed, c.Weighted);
        resumed.Restore(new BinaryReader(new MemoryStream(state)));
        for (int i = cut; i < c.Thousandths.Length; i++)
        {
            double d = c.Thousandths[i] / 1000.0;
            if (original.Next(d) != resumed.Next(d)) return false;
        }
        return original.Epoch == resumed.Epoch;
    }

    [Property(MaxTest = 100)]
    public bool Fixed_orders_visit_every_item_once_per_epoch_and_resume_exactly(PositiveInt size, int seed, bool cut)
    {
        int n = Math.Min(size.Get, 300);
        foreach (var order in new[] { "random", "corpus", "reverse" })
        {
            var s = new OrderSampler(order, n, seed);
            var first = Enumerable.Range(0, n).Select(_ => s.Next(1)).ToList();
            if (first.Distinct().Count() != n || s.Epoch != 1) return false;
            if (order == "corpus" && !first.SequenceEqual(Enumerable.Range(0, n))) return false;
            if (order == "reverse" && !first.SequenceEqual(Enumerable.Range(0, n).Reverse())) return false;
            int k = cut ? n / 3 : 0;
            for (int i = 0; i < k; i++) s.Next(1);
            var state = Save(s);
            var r = new OrderSampler(order, n, seed);
            r.Restore(new BinaryReader(new MemoryStream(state)));
            for (int i = 0; i < 2 * n; i++) if (s.Next(1) != r.Next(1)) return false;
        }
        return true;
    }

    [Fact]
    public void Random_order_reshuffles_each_epoch()
    {
        var s = new OrderSampler("random", 50, 3);
        var e1 = Enumerable.Range(0, 50).Select(_ => s.Next(1)).ToList();
        var e2 = Enumerable.Range(0, 50).Select(_ => s.Next(1)).ToList();
        Assert.Equal(50, e2.Distinct().Count());
        Assert.NotEqual(e1, e2);
    }

    [Fact]
    public void Weighted_draws_favour_higher_scores_among_the_eligible()
    {
        // Two eligible items, scores 1 and 9: the first draw of a pass picks the 9 about 90% of the time.
        double[] scores = [1, 9];
        int high = 0;
        for (int seed = 0; seed < 2000; seed++)
            if (new PacedSampler(scores, seed, weighted: true).Next(1.0) == 1) high++;
        Assert.InRange(high / 2000.0, 0.87, 0.93);
        int uniform = 0;
        for (int seed = 0; seed < 2000; seed++)
            if (new PacedSampler(scores, seed, weighted: false).Next(1.0) == 1) uniform++;
        Assert.InRange(uniform / 2000.0, 0.45, 0.55);
    }

    private static byte[] Save(IUtteranceSampler s)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) s.Save(w);
        return ms.ToArray();
    }
}
