// Verb pools are cached under a key, so two call sites that share a key share one pool. A key handed two
// different filters would make the pool depend on which site ran first (on a thread race, once synthesis
// streams in parallel): the inventory refuses that, and a pool holds exactly the verbs its filter passes.
using BabyLm.Corpus.Language;

namespace BabyLm.Corpus.Tests.Language;

public sealed class InventoryTests
{
    private static bool Reflexive(Verb v) => v.Reflexive;
    private static bool TakesThing(Verb v) => (v.Obj & Sem.Thing) != 0;

    [Fact]
    public void A_pool_holds_exactly_the_verbs_its_filter_passes_and_a_key_keeps_its_pool()
    {
        var inv = new Inventory(Lexicon.Builtin);
        var pool = inv.VerbPool(Sem.Person, Frame.Trans, true, TakesThing, "t");
        // Scalar oracle: the same conditions, written out over the whole verb list.
        var expected = inv.Verbs.Where(v => (v.Subj & Sem.Person) != 0 && (v.Frame & Frame.Trans) != 0 && (v.Obj & Sem.Thing) != 0)
            .Select(v => v.Base).OrderBy(b => b, StringComparer.Ordinal).ToArray();
        Assert.True(expected.Length > 10);
        Assert.Equal(expected, pool.Items.Select(v => v.Base).OrderBy(b => b, StringComparer.Ordinal).ToArray());
        Assert.Same(pool, inv.VerbPool(Sem.Person, Frame.Trans, true, TakesThing, "t"));
    }

    [Fact]
    public void One_key_for_two_different_filters_is_refused_and_named()
    {
        var inv = new Inventory(Lexicon.Builtin);
        inv.VerbPool(Sem.Person, Frame.Trans | Frame.Opt, true, Reflexive, "shared");
        var e = Assert.Throws<InvalidOperationException>(() => inv.VerbPool(Sem.Person, Frame.Trans, true, TakesThing, "shared"));
        Assert.Contains("'shared'", e.Message);
        Assert.Contains(nameof(Reflexive), e.Message);
        Assert.Contains(nameof(TakesThing), e.Message);
        // The same filter under the same key stays allowed, and so does another key.
        inv.VerbPool(Sem.Animate, Frame.Trans | Frame.Opt, true, Reflexive, "shared");
        inv.VerbPool(Sem.Person, Frame.Trans, true, TakesThing, "other");
    }
}
