// The lexicon in the shape the grammar needs: typed nouns, verbs, adjectives, names and pronouns, and
// weighted pools of them filtered by feature (cached, thread-safe, deterministic: a pool's order is the
// file's order whatever thread builds it first).
using System.Collections.Concurrent;

namespace BabyLm.Corpus.Language;

internal sealed class Inventory
{
    private static readonly Lazy<Inventory> s_builtin = new(() => new Inventory(Lexicon.Builtin));
    private readonly ConcurrentDictionary<PoolKey, object> _pools = new();
    // Which filter each extraKey of VerbPool names: a key given to two different filters would make a pool's
    // contents depend on which call came first (and so, with parallel generation, on thread timing).
    private readonly ConcurrentDictionary<string, System.Reflection.MethodInfo> _extraFilters = new(StringComparer.Ordinal);

    public Inventory(Lexicon lexicon)
    {
        Lexicon = lexicon;
        Nouns = lexicon.Of(PartOfSpeech.Noun).Where(e => !e.Has("fixed")).Select(ToNoun).ToArray();
        Verbs = lexicon.Of(PartOfSpeech.Verb).Where(e => !e.Has("fixed")).Select(ToVerb).ToArray();
        Adjectives = lexicon.Of(PartOfSpeech.Adj).Select(ToAdjective).ToArray();
        Names = lexicon.Of(PartOfSpeech.Propn).Select(e => new Name
        {
            Word = e.Word, Gender = ParseGender(e.Value("gender")), Caregiver = e.Has("caregiver"), Weight = e.Weight,
        }).ToArray();
        Pronouns = lexicon.Of(PartOfSpeech.Pron).Where(e => e.Form("refl") is not null).Select(e => new Pronoun
        {
            Nom = e.Word, Acc = e.Form("acc")!, Gen = e.Form("gen")!, Refl = e.Form("refl")!,
            Agr = new Agr(int.Parse(e.Value("person")!, System.Globalization.CultureInfo.InvariantCulture),
                e.Value("num") == "pl", ParseGender(e.Value("gender"))),
        }).ToDictionary(p => p.Nom, StringComparer.Ordinal);
        VerbByBase = Verbs.ToDictionary(v => v.Base, StringComparer.Ordinal);
    }

    public static Inventory Builtin => s_builtin.Value;

    public Lexicon Lexicon { get; }
    public IReadOnlyList<Noun> Nouns { get; }
    public IReadOnlyList<Verb> Verbs { get; }
    public IReadOnlyList<Adjective> Adjectives { get; }
    public IReadOnlyList<Name> Names { get; }
    public IReadOnlyDictionary<string, Pronoun> Pronouns { get; }
    public IReadOnlyDictionary<string, Verb> VerbByBase { get; }
    public InventedNames Invented => Lexicon.InventedNames;

    public Verb Verb(string b) => VerbByBase[b];
    public Pronoun Pronoun(string nom) => Pronouns[nom];

    /// <summary>
    /// Lexicon weights below which a word is too rare for the probe vocabulary (per class, since each class
    /// has its own weight scale): with these cuts every probe word occurs often in a 1M-word corpus.
    /// </summary>
    public const double ProbeNounWeight = 40, ProbeVerbWeight = 180, ProbeAdjectiveWeight = 80, ProbeNameWeight = 40;

    /// <summary>What a cached pool holds: kind, two numeric filters, a flag, a named extra filter, and whether it is the probe vocabulary.</summary>
    private readonly record struct PoolKey(int Kind, int A, int B, bool Flag, string Extra, bool Probe);

    /// <summary>
    /// A cached pool of <paramref name="source"/> items passing <paramref name="filter"/>, weighted by
    /// lexicon frequency. The filter runs once, when the key is first seen; <paramref name="key"/> must name it exactly.
    /// </summary>
    public WeightedPool<T> Pool<T>(string key, IEnumerable<T> source, Func<T, bool> filter, Func<T, double> weight)
        => Cached(new PoolKey(0, 0, 0, false, typeof(T).Name + "/" + key, false), () => Build(key, source, filter, weight, 0));

    /// <summary>Nouns of the given classes; <paramref name="countOnly"/> drops mass and unique nouns.</summary>
    public WeightedPool<Noun> NounPool(Sem sem, bool countOnly = false, bool probe = false)
    {
        var key = new PoolKey(1, (int)sem, 0, countOnly, "", probe);
        return _pools.TryGetValue(key, out var pool) ? (WeightedPool<Noun>)pool
            : Cached(key, () => Build($"{sem}", Nouns, n => (n.Sem & sem) != 0 && (!countOnly || n.Count), n => n.Weight, probe ? ProbeNounWeight : 0));
    }

    /// <summary>Adjectives that can describe a noun of class <paramref name="describes"/> (may be empty).</summary>
    public WeightedPool<Adjective> AdjectivePool(Sem describes, bool probe = false)
    {
        var key = new PoolKey(2, (int)describes, 0, false, "", probe);
        return _pools.TryGetValue(key, out var pool) ? (WeightedPool<Adjective>)pool
            : Cached(key, () => Build($"{describes}", Adjectives, a => (a.On & describes) != 0, a => a.Weight, probe ? ProbeAdjectiveWeight : 0, allowEmpty: true));
    }

    public WeightedPool<Name> NamePool(Gender gender = Gender.None, bool children = false, bool probe = false)
    {
        var key = new PoolKey(3, (int)gender, 0, children, "", probe);
        return _pools.TryGetValue(key, out var pool) ? (WeightedPool<Name>)pool
            : Cached(key, () => Build($"{gender}", Names, n => (gender == Gender.None || n.Gender == gender) && (!children || !n.Caregiver), n => n.Weight, probe ? ProbeNameWeight : 0));
    }

    /// <summary>
    /// Verbs whose subject may be of class <paramref name="subject"/>, with one of <paramref name="frames"/>,
    /// passing <paramref name="extra"/> (named by <paramref name="extraKey"/>, which must be unique to it).
    /// </summary>
    public WeightedPool<Verb> VerbPool(Sem subject, Frame frames, bool allowStative, Func<Verb, bool>? extra, string extraKey, bool probe = false)
    {
        if (extra is not null && _extraFilters.GetOrAdd(extraKey, extra.Method) != extra.Method)
            throw new InvalidOperationException($"the verb filter key '{extraKey}' names two different filters ({_extraFilters[extraKey].Name} and {extra.Method.Name}): give each its own key");
        var key = new PoolKey(4, (int)subject, (int)frames, allowStative, extraKey, probe);
        return _pools.TryGetValue(key, out var pool) ? (WeightedPool<Verb>)pool
            : Cached(key, () => Build($"{subject}/{frames}/{extraKey}", Verbs,
                v => (v.Subj & subject) != 0 && v.Has(frames) && (allowStative || !v.Stative) && (extra is null || extra(v)), v => v.Weight, probe ? ProbeVerbWeight : 0));
    }

    private WeightedPool<T> Cached<T>(PoolKey key, Func<WeightedPool<T>> build)
        => (WeightedPool<T>)_pools.GetOrAdd(key, static (_, b) => b(), build);

    private static WeightedPool<T> Build<T>(string what, IEnumerable<T> source, Func<T, bool> filter, Func<T, double> weight, double minWeight, bool allowEmpty = false)
    {
        var pool = new WeightedPool<T>(source.Where(x => filter(x) && weight(x) >= minWeight), weight);
        if (pool.Count == 0 && !allowEmpty) throw new InvalidOperationException($"the lexicon has no {typeof(T).Name.ToLowerInvariant()} for '{what}'");
        return pool;
    }

    private static Noun ToNoun(LexEntry e)
    {
        var sem = Sem.None;
        foreach (var f in e.Flags) sem |= ParseSem(f, allowUnknown: true);
        if (sem == Sem.None) throw new BabyLmException($"lexicon.tsv:{e.Line}: noun '{e.Word}' has no semantic class");
        return new Noun
        {
            Sg = e.Word, Pl = e.Form("pl"), Sem = sem, Mass = e.Has("mass"), Unique = e.Has("unique"),
            Gender = ParseGender(e.Value("gender")), Sound = e.Value("sound"), Weight = e.Weight,
        };
    }

    private static Verb ToVerb(LexEntry e)
    {
        var frame = Frame.None;
        foreach (var f in e.Flags)
        {
            if (Enum.TryParse<Frame>(f, ignoreCase: true, out var fr) && f == f.ToLowerInvariant()) frame |= fr;
        }
        if (frame == Frame.None) throw new BabyLmException($"lexicon.tsv:{e.Line}: verb '{e.Word}' has no frame");
        return new Verb
        {
            Base = e.Word, S3 = e.Form("3sg")!, Past = e.Form("past")!, Part = e.Form("part")!, Ing = e.Form("ing")!,
            Frame = frame, Subj = ParseSems(e.Value("subj")), Obj = ParseSems(e.Value("obj")),
            Stative = e.Has("stative"), Reflexive = e.Has("refl"), Weight = e.Weight,
        };
    }

    private static Adjective ToAdjective(LexEntry e) => new()
    {
        Form = e.Word, Comparative = e.Form("cmp"), Superlative = e.Form("sup"), Weight = e.Weight,
        On = e.Value("on") switch
        {
            "animate" => Sem.Animate,
            "animal" => Sem.Animal,
            "food" => Sem.Food | Sem.Drink,
            "thing" => Sem.Object,
            "any" => Sem.Any,
            var other => throw new BabyLmException($"lexicon.tsv:{e.Line}: adjective '{e.Word}' has on={other}"),
        },
    };

    private static Sem ParseSems(string? value)
    {
        if (value is null) return Sem.None;
        var sem = Sem.None;
        foreach (var part in value.Split('|')) sem |= ParseSem(part, allowUnknown: false);
        return sem;
    }

    private static Sem ParseSem(string name, bool allowUnknown) => name switch
    {
        "any" => Sem.Any,
        "thing" => Sem.Thing,
        "animate" => Sem.Animate,
        _ when Enum.TryParse<Sem>(name, ignoreCase: true, out var s) && name == name.ToLowerInvariant() => s,
        _ when allowUnknown => Sem.None,
        _ => throw new BabyLmException($"lexicon.tsv: unknown semantic class '{name}'"),
    };

    private static Gender ParseGender(string? g) => g switch
    {
        "m" => Gender.Masculine,
        "f" => Gender.Feminine,
        "n" => Gender.Neuter,
        _ => Gender.None,
    };
}
