// Typed views of lexicon entries that the grammar works with: nouns, verbs, adjectives, names and
// personal pronouns, their semantic classes and agreement features. Built once from the Lexicon.
namespace BabyLm.Corpus.Language;

/// <summary>Semantic classes of nouns; verbs and adjectives select them (subj=, obj=, on=).</summary>
[Flags]
internal enum Sem : ushort
{
    None = 0,
    Person = 1 << 0,
    Animal = 1 << 1,
    Food = 1 << 2,
    Drink = 1 << 3,
    Toy = 1 << 4,
    Vehicle = 1 << 5,
    Clothing = 1 << 6,
    Body = 1 << 7,
    Household = 1 << 8,
    Furniture = 1 << 9,
    Readable = 1 << 10,
    Place = 1 << 11,
    Nature = 1 << 12,
    Event = 1 << 13,

    Animate = Person | Animal,
    Thing = Toy | Household | Clothing | Readable | Food,
    /// <summary>Concrete inanimate things one can see, touch and talk about.</summary>
    Object = Thing | Drink | Vehicle | Furniture | Nature | Body,
    Any = Animate | Object | Place | Event,
}

internal enum Gender : byte { None, Masculine, Feminine, Neuter }

/// <summary>Person, number and gender: what agreement, pronouns and reflexives check.</summary>
internal readonly record struct Agr(int Person, bool Plural, Gender Gender)
{
    public static readonly Agr ThirdSg = new(3, false, Gender.None);
    public static readonly Agr ThirdPl = new(3, true, Gender.None);
    public bool Is3Sg => Person == 3 && !Plural;
}

internal sealed class Noun
{
    public required string Sg { get; init; }
    /// <summary>Null for mass and unique nouns.</summary>
    public string? Pl { get; init; }
    public required Sem Sem { get; init; }
    public bool Mass { get; init; }
    /// <summary>Only ever definite and singular: the sun, the moon, the sky.</summary>
    public bool Unique { get; init; }
    public Gender Gender { get; init; }
    public string? Sound { get; init; }
    public double Weight { get; init; }
    public bool Count => !Mass && !Unique;
    public bool IrregularPlural => Pl is not null && Pl != Sg + "s" && Pl != Sg + "es" && !(Sg.EndsWith('y') && Pl == Sg[..^1] + "ies");
    public string Form(bool plural) => plural ? Pl ?? Sg : Sg;
    public override string ToString() => Sg;
}

[Flags]
internal enum Frame : ushort
{
    None = 0,
    Trans = 1 << 0,     // object required
    Opt = 1 << 1,       // object optional
    Intr = 1 << 2,      // no object
    Erg = 1 << 3,       // the ball rolled / he rolled the ball
    Ditr = 1 << 4,      // give the dog a bone
    Clausal = 1 << 5,   // i think the dog is hungry
    Motion = 1 << 6,    // intransitive, takes a goal (go to the park)
    Loc = 1 << 7,       // object and a place (put the cup on the table)
}

internal sealed class Verb
{
    public required string Base { get; init; }
    public required string S3 { get; init; }
    public required string Past { get; init; }
    public required string Part { get; init; }
    public required string Ing { get; init; }
    public required Frame Frame { get; init; }
    public required Sem Subj { get; init; }
    public Sem Obj { get; init; }
    public bool Stative { get; init; }
    public bool Reflexive { get; init; }

    // Verb filters used at more than one call site: one method each, so that every site shares one pool
    // under its key (Inventory.VerbPool refuses a key given to two different filters).

    /// <summary>Reflexive clauses.</summary>
    public static bool IsReflexive(Verb v) => v.Reflexive;

    /// <summary>Transitive clauses about things (shared-object and relative clauses).</summary>
    public static bool TakesThing(Verb v) => (v.Obj & Sem.Thing) != 0;

    /// <summary>Clauses whose object is "any" + a plural or mass noun: a verb of objects (not body parts), not locative.</summary>
    public static bool TakesAnyObject(Verb v) => (v.Obj & Sem.Object & ~Sem.Body) != 0 && !v.Has(Frame.Loc);

    /// <summary>As <see cref="TakesAnyObject"/>, and not ditransitive ("no dogs ate any cookies").</summary>
    public static bool TakesAnyObjectNotDitransitive(Verb v) => TakesAnyObject(v) && !v.Has(Frame.Ditr);

    /// <summary>As <see cref="TakesThing"/>, and not locative (possessive and partitive objects).</summary>
    public static bool TakesThingNotLocative(Verb v) => TakesThing(v) && !v.Has(Frame.Loc);
    public double Weight { get; init; }
    public bool Has(Frame f) => (Frame & f) != 0;
    public bool TakesObject => Has(Frame.Trans | Frame.Opt | Frame.Erg | Frame.Loc | Frame.Ditr) && Obj != Sem.None;
    public bool IrregularPast => Past != Regular(Base);
    private static string Regular(string b) => b.EndsWith('e') ? b + "d" : b + "ed";
    public string Present(Agr agr) => agr.Is3Sg ? S3 : Base;
    public override string ToString() => Base;
}

internal sealed class Adjective
{
    public required string Form { get; init; }
    public string? Comparative { get; init; }
    public string? Superlative { get; init; }
    public required Sem On { get; init; }
    public double Weight { get; init; }
    public override string ToString() => Form;
}

internal sealed class Name
{
    public required string Word { get; init; }
    public required Gender Gender { get; init; }
    public bool Caregiver { get; init; }
    public double Weight { get; init; }
    public override string ToString() => Word;
}

internal sealed class Pronoun
{
    public required string Nom { get; init; }
    public required string Acc { get; init; }
    public required string Gen { get; init; }
    public required string Refl { get; init; }
    public required Agr Agr { get; init; }
    public override string ToString() => Nom;
}
