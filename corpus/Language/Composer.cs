// The phrase and clause builders of the built-in grammar. Every choice is weighted and every phrase is
// feature-checked: determiners agree with their noun, verbs with their subject, verbs select the
// semantic class of subject and object (only animate things eat; only food is eaten), reflexives and
// pronouns agree in person, number and gender, stative verbs have no progressive. The corpus registers
// and the probe templates both build sentences from these pieces, so a probe's good member is a sentence
// of this grammar. Complexity (PPs inside noun phrases, relative clauses, embedded clauses, perfect and
// passive) grows with Level (1..7: the six age stages of child-directed speech, then written registers).
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal enum Tense : byte { Present, Past, Progressive, PastProgressive, Perfect, Modal, GoingTo }

internal enum Det : byte { Auto, The, Indefinite, Demonstrative, Possessive, Quantity, Bare }

internal enum Num : byte { Auto, Sg, Pl }

/// <summary>What a noun phrase turned out to be: its agreement features and head.</summary>
internal readonly record struct Np(Agr Agr, Sem Sem, Noun? Head, string? Name = null)
{
    public bool Plural => Agr.Plural;
}

/// <summary>A clause in pieces, so one clause can be said as a statement, a negation, a question or with a gap.</summary>
internal sealed class Clause
{
    public readonly List<string> Subject = new(8);
    /// <summary>The object, or the predicate of a copula; a wh-gap leaves it out.</summary>
    public readonly List<string> Object = new(8);
    /// <summary>What follows the object: second object, particle, place, adjuncts.</summary>
    public readonly List<string> Rest = new(12);
    public Agr Agr;
    public Sem SubjectSem;
    public Sem ObjectSem;
    public Verb? Main;
    public Tense Tense;
    /// <summary>Finite auxiliary (is, can, has, was), or null for a simple tense (which needs do-support).</summary>
    public string? Aux;
    /// <summary>"going to" after the auxiliary of the going-to future.</summary>
    public bool GoingTo;
    /// <summary>Verb form after the auxiliary (eating, eaten, eat), or the finite form when <see cref="Aux"/> is null; null for a copula.</summary>
    public string? Verb;
    public string? BaseVerb;
    public string? DoForm;

    /// <summary>Takes the subject's agreement features and class; returns it.</summary>
    public Np Agree(Np subject)
    {
        Agr = subject.Agr;
        SubjectSem = subject.Sem;
        return subject;
    }

    public void Reset()
    {
        Subject.Clear(); Object.Clear(); Rest.Clear();
        Main = null; Aux = null; Verb = null; BaseVerb = null; DoForm = null; GoingTo = false;
        ObjectSem = Sem.None;
    }
}

internal sealed class Composer
{
    private static readonly HashSet<string> s_colors = new(StringComparer.Ordinal)
    {
        "red", "blue", "green", "yellow", "pink", "purple", "black", "white", "brown", "orange", "gray", "gold",
    };
    private static readonly string[] s_numerals = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    private static readonly double[] s_numeralWeights = [40, 25, 12, 8, 5, 3, 3, 2, 2];
    private static readonly string[] s_nowAdverbs = ["now", "today", "again", "too"];
    private static readonly string[] s_pastAdverbs = ["yesterday", "today", "again", "too"];
    private static readonly string[] s_laterAdverbs = ["later", "tomorrow", "tonight", "soon", "today", "again", "too", "now"];
    private static readonly string[] s_modals = ["can", "will", "could", "should", "might", "would", "must"];
    private static readonly double[] s_modalWeights = [50, 20, 8, 6, 4, 4, 2];

    private readonly Clause[] _clauses = [new(), new(), new(), new()];
    private int _depth;

    public Composer(Inventory inventory, Rng rng, int level = 3)
    {
        Inv = inventory;
        Rng = rng;
        Level = level;
    }

    public Inventory Inv { get; }
    public Rng Rng { get; }

    /// <summary>1–6: age stages of child-directed speech; 7: written registers.</summary>
    public int Level { get; set; }

    /// <summary>Draw nouns, verbs, adjectives and names from the probe vocabulary (the frequent words of each class).</summary>
    public bool ProbeVocabulary { get; set; }

    // ---- random helpers ------------------------------------------------------------------------------

    public bool P(double p) => Rng.NextDouble() < p;
    public int Next(int n) => Rng.NextInt(n);
    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.NextInt(items.Count)];

    /// <summary>A uniform choice; a collection expression argument lives on the stack.</summary>
    public T Pick<T>(ReadOnlySpan<T> items) => items[Rng.NextInt(items.Length)];

    public T Pick<T>(ReadOnlySpan<T> items, ReadOnlySpan<double> weights)
    {
        double total = 0;
        for (int i = 0; i < weights.Length; i++) total += weights[i];
        double u = Rng.NextDouble() * total;
        for (int i = 0; i < items.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return items[i];
        }
        return items[^1];
    }

    /// <summary>Probability that grows with <see cref="Level"/>: <paramref name="at1"/> at level 1 to <paramref name="at6"/> at level 6 and beyond.</summary>
    public double ByLevel(double at1, double at6) => at1 + (at6 - at1) * Math.Clamp((Level - 1) / 5.0, 0, 1);

    /// <summary>A clause object for this nesting depth (reused; the composer never allocates one per sentence).</summary>
    public Clause NewClause()
    {
        var c = _clauses[Math.Min(_depth, _clauses.Length - 1)];
        c.Reset();
        return c;
    }

    // ---- lexical choice --------------------------------------------------------------------------------

    public Noun PickNoun(Sem sem, bool countOnly = false) => Inv.NounPool(sem, countOnly, ProbeVocabulary).Pick(Rng);

    public Adjective? PickAdjective(Sem describes)
    {
        var pool = Inv.AdjectivePool(describes, ProbeVocabulary);
        return pool.Count == 0 ? null : pool.Pick(Rng);
    }

    public Name PickName(Gender gender = Gender.None, bool children = false) => Inv.NamePool(gender, children, ProbeVocabulary).Pick(Rng);

    /// <summary>A made-up pet or toy name (lolo, bibi), Zipf-distributed over an open class.</summary>
    public string InventedName() => Inv.Invented.Pick(Rng);

    /// <summary>A verb whose subject may be of class <paramref name="subject"/> and that has one of <paramref name="frames"/>.</summary>
    public Verb PickVerb(Sem subject, Frame frames, bool allowStative = true, Func<Verb, bool>? extra = null, string extraKey = "")
        => Inv.VerbPool(subject, frames, allowStative, extra, extraKey, ProbeVocabulary).Pick(Rng);

    public string Be(Agr agr, bool past)
        => past ? (agr.Is3Sg || agr is { Person: 1, Plural: false } ? "was" : "were")
                : agr.Person == 1 && !agr.Plural ? "am" : agr.Is3Sg ? "is" : "are";

    public static string Have(Agr agr) => agr.Is3Sg ? "has" : "have";
    public static string Do(Agr agr) => agr.Is3Sg ? "does" : "do";

    public string Modal() => Pick(s_modals, s_modalWeights);
    public string Numeral() => Pick(s_numerals, s_numeralWeights);
    /// <summary>A time adverb that fits the tense: "yesterday" only in the past, "tomorrow" only ahead.</summary>
    public string TimeAdverb(Tense tense) => Pick(tense switch
    {
        Tense.Past or Tense.PastProgressive or Tense.Perfect => s_pastAdverbs,
        Tense.Modal or Tense.GoingTo => s_laterAdverbs,
        _ => s_nowAdverbs,
    });

    // ---- noun phrases ----------------------------------------------------------------------------------

    /// <summary>
    /// Writes a noun phrase headed by a noun of class <paramref name="sem"/>: determiner (agreeing in
    /// number and countability), up to two adjectives the noun allows, the noun, and at higher levels a
    /// PP or a relative clause.
    /// </summary>
    public Np NounPhrase(List<string> w, Sem sem, Num num = Num.Auto, Det det = Det.Auto, int maxAdjectives = -1,
        bool modifiers = true, bool countOnly = false)
    {
        var noun = PickNoun(sem, countOnly || num == Num.Pl || det == Det.Indefinite && num == Num.Sg);
        return NounPhrase(w, noun, num, det, maxAdjectives, modifiers);
    }

    public Np NounPhrase(List<string> w, Noun noun, Num num = Num.Auto, Det det = Det.Auto, int maxAdjectives = -1, bool modifiers = true)
    {
        bool plural = noun.Count && (num == Num.Pl || num == Num.Auto && P(0.3));
        if (det == Det.Auto) det = ChooseDet(noun, plural);
        WriteDeterminer(w, noun, plural, det);
        int adjectives = maxAdjectives >= 0 ? maxAdjectives : P(ByLevel(0.15, 0.35)) ? (P(ByLevel(0.05, 0.2)) ? 2 : 1) : 0;
        if (maxAdjectives < 0 && det == Det.Bare && !plural && noun.Count) adjectives = 0;
        Adjectives(w, noun.Sem, adjectives);
        w.Add(noun.Form(plural));
        var np = new Np(new Agr(3, plural, noun.Gender == Gender.None && (noun.Sem & Sem.Animate) == 0 ? Gender.Neuter : noun.Gender), noun.Sem, noun);
        if (modifiers && Level >= 3 && _depth < 2)
        {
            if (P(ByLevel(0, 0.08))) PrepositionalModifier(w, noun);
            else if ((noun.Sem & Sem.Animate) != 0 && P(ByLevel(0, 0.06))) RelativeClause(w, np);
        }
        return np;
    }

    private Det ChooseDet(Noun noun, bool plural)
    {
        if (noun.Unique) return Det.The;
        if ((noun.Sem & Sem.Body) != 0) return P(0.8) ? Det.Possessive : Det.The;
        if ((noun.Sem & Sem.Place) != 0) return P(0.8) ? Det.The : Det.Possessive;
        double u = Rng.NextDouble();
        if (u < 0.45) return Det.The;
        if (u < 0.70) return Det.Indefinite;
        if (u < 0.83) return Det.Possessive;
        if (u < 0.93) return Det.Demonstrative;
        return plural || noun.Mass ? Det.Quantity : Det.Indefinite;
    }

    private void WriteDeterminer(List<string> w, Noun noun, bool plural, Det det)
    {
        switch (det)
        {
            case Det.The: w.Add("the"); break;
            case Det.Indefinite:
                if (plural || noun.Mass) { if (P(0.5)) w.Add("some"); }
                else w.Add("a");
                break;
            case Det.Demonstrative:
                w.Add(plural ? (P(0.5) ? "these" : "those") : (P(0.5) ? "this" : "that"));
                break;
            case Det.Possessive:
                w.Add(Pick(["my", "your", "your", "his", "her", "our", "their"]));
                break;
            case Det.Quantity:
                if (!plural) { w.Add(Pick(["some", "more", "more", "no"])); break; }
                switch (Next(8))
                {
                    case < 3: w.Add(Numeral()); break;
                    case 3: w.Add("some"); break;
                    case 4: w.Add("more"); break;
                    case 5: w.Add("all"); w.Add("the"); break;
                    case 6: w.Add("many"); break;
                    default: w.Add("lots"); w.Add("of"); break;
                }
                break;
            case Det.Bare:
                break;
        }
    }

    /// <summary>Writes <paramref name="count"/> distinct adjectives that can describe class <paramref name="sem"/>, colours last.</summary>
    public void Adjectives(List<string> w, Sem sem, int count)
    {
        if (count <= 0) return;
        var first = PickAdjective(sem);
        if (first is null) return;
        if (count == 1) { w.Add(first.Form); return; }
        var second = PickAdjective(sem);
        if (second is null || second == first || s_colors.Contains(first.Form) && s_colors.Contains(second.Form)) { w.Add(first.Form); return; }
        if (s_colors.Contains(first.Form)) (first, second) = (second, first);
        w.Add(first.Form);
        w.Add(second.Form);
    }

    /// <summary>"with the red hat", "on the table", "in the box": a PP after a noun.</summary>
    public void PrepositionalModifier(List<string> w, Noun head)
    {
        _depth++;
        if ((head.Sem & Sem.Animate) != 0 && P(0.5))
        {
            w.Add("with");
            NounPhrase(w, (head.Sem & Sem.Person) != 0 ? Sem.Clothing | Sem.Toy : Sem.Toy | Sem.Clothing, det: P(0.5) ? Det.The : Det.Indefinite, maxAdjectives: P(0.5) ? 1 : 0, modifiers: false);
        }
        else PlacePhrase(w, modifiers: false);
        _depth--;
    }

    /// <summary>A locative PP: preposition + a place, piece of furniture, container or part of nature it fits.</summary>
    public Np PlacePhrase(List<string> w, bool modifiers = true, Num num = Num.Auto)
    {
        var (prep, noun) = PickPlace();
        w.Add(prep);
        return NounPhrase(w, noun, num, (noun.Sem & Sem.Place) != 0 || P(0.7) ? Det.The : Det.Possessive, maxAdjectives: P(0.15) ? 1 : 0, modifiers: modifiers);
    }

    /// <summary>A locative preposition and a noun it fits (never a unique one: not "on the sun").</summary>
    public (string Prep, Noun Noun) PickPlace(bool countOnly = false)
    {
        string prep = Pick(["in", "in", "on", "on", "under", "behind", "near", "by"]);
        Sem sem = prep switch
        {
            "in" => Sem.Place | Sem.Furniture | Sem.Vehicle,
            "on" => Sem.Furniture | Sem.Nature,
            "under" => Sem.Furniture | Sem.Nature | Sem.Vehicle,
            _ => Sem.Furniture | Sem.Nature | Sem.Vehicle | Sem.Place,
        };
        Noun noun;
        do noun = PickNoun(sem, countOnly); while (noun.Unique);
        return (prep, noun);
    }

    /// <summary>"who has a ball", "that is sleeping": a subject relative clause agreeing with <paramref name="head"/>.</summary>
    public void RelativeClause(List<string> w, Np head)
    {
        _depth++;
        w.Add((head.Sem & Sem.Person) != 0 && P(0.7) ? "who" : "that");
        var c = NewClause();
        c.Agree(head);
        var tense = Pick([Tense.Present, Tense.Progressive, Tense.Past, Tense.Present]);
        Predicate(c, tense, objects: 0.9, adjuncts: 0.1);
        Declarative(w, c, withSubject: false);
        _depth--;
    }

    // ---- subjects and objects --------------------------------------------------------------------------

    /// <summary>
    /// A subject of class <paramref name="sem"/>: a pronoun (you, i, we, he, she, it, they), a name or a
    /// noun phrase, in proportions that suit child-directed speech.
    /// </summary>
    public Np Subject(List<string> w, Sem sem, double pronoun = 0.5, double name = 0.2)
    {
        double u = Rng.NextDouble();
        if (u < pronoun)
        {
            var p = PickPronoun(sem);
            w.Add(p.Nom);
            return new Np(p.Agr, PronounSem(p, sem), null);
        }
        if (u < pronoun + name && (sem & Sem.Person) != 0)
        {
            var n = PickName();
            w.Add(n.Word);
            return new Np(new Agr(3, false, n.Gender), Sem.Person, null, n.Word);
        }
        return NounPhrase(w, sem);
    }

    /// <summary>A subject pronoun that can stand for something of class <paramref name="sem"/>.</summary>
    public Pronoun PickPronoun(Sem sem)
    {
        bool person = (sem & Sem.Person) != 0;
        bool animate = (sem & Sem.Animate) != 0;
        bool thing = (sem & ~Sem.Animate) != 0;
        double u = Rng.NextDouble();
        string nom = u switch
        {
            < 0.34 when person => "you",
            < 0.48 when person => "i",
            < 0.60 when person => "we",
            < 0.70 when animate => "he",
            < 0.80 when animate => "she",
            < 0.92 when thing || !person => "it",
            _ => "they",
        };
        if (nom == "they" && !thing && !animate) nom = "it";
        return Inv.Pronoun(nom);
    }

    /// <summary>The classes a pronoun can refer to within <paramref name="sem"/>.</summary>
    public static Sem PronounSem(Pronoun p, Sem sem) => p.Nom switch
    {
        "i" or "you" or "we" => Sem.Person,
        "he" or "she" => (sem & Sem.Person) != 0 ? Sem.Person : sem & Sem.Animal,
        "it" => (sem & ~Sem.Person) != 0 ? sem & ~Sem.Person : sem,
        _ => sem,
    };

    /// <summary>An object of class <paramref name="sem"/>: usually a noun phrase, sometimes a pronoun (it, them, me, him, her).</summary>
    public Np Object(List<string> w, Sem sem, bool allowPronoun = true)
    {
        if (allowPronoun && P(0.18))
        {
            if ((sem & Sem.Animate) != 0 && P(0.5))
            {
                var p = Inv.Pronoun(Pick(["he", "she", "they", "i", "we"]));
                w.Add(p.Acc);
                return new Np(p.Agr, Sem.Person, null);
            }
            if ((sem & ~Sem.Animate) != 0 || (sem & Sem.Animal) != 0)
            {
                bool pl = P(0.25);
                w.Add(pl ? "them" : "it");
                return new Np(pl ? Agr.ThirdPl : new Agr(3, false, Gender.Neuter), sem & ~Sem.Person, null);
            }
        }
        if ((sem & Sem.Person) != 0 && P(0.2))
        {
            var n = PickName();
            w.Add(n.Word);
            return new Np(new Agr(3, false, n.Gender), Sem.Person, null, n.Word);
        }
        return NounPhrase(w, sem);
    }

    /// <summary>A goal after a verb of motion: "to the park", "home", "outside", "in the pool".</summary>
    public void Goal(List<string> w)
    {
        double u = Rng.NextDouble();
        if (u < 0.45)
        {
            w.Add("to");
            NounPhrase(w, PickNoun(Sem.Place), Num.Sg, Det.The, 0, modifiers: false);
        }
        else if (u < 0.7) w.Add(Pick(["home", "outside", "inside", "upstairs", "downstairs", "away", "back", "up", "down"]));
        else if (u < 0.85) PlacePhrase(w, modifiers: false);
        else
        {
            w.Add(Pick(["to", "with"]));
            if (P(0.5)) w.Add(PickName().Word);
            else NounPhrase(w, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false);
        }
    }

    // ---- predicates and clauses ------------------------------------------------------------------------

    /// <summary>Sets the verb group of <paramref name="c"/> for <paramref name="v"/> in <paramref name="tense"/>, agreeing with c.Agr.</summary>
    public void SetVerb(Clause c, Verb v, Tense tense)
    {
        if (v.Stative && tense is Tense.Progressive or Tense.PastProgressive) tense = tense == Tense.Progressive ? Tense.Present : Tense.Past;
        c.Main = v;
        c.Tense = tense;
        c.BaseVerb = v.Base;
        switch (tense)
        {
            case Tense.Present: c.Verb = v.Present(c.Agr); c.DoForm = Do(c.Agr); break;
            case Tense.Past: c.Verb = v.Past; c.DoForm = "did"; break;
            case Tense.Progressive: c.Aux = Be(c.Agr, past: false); c.Verb = v.Ing; break;
            case Tense.PastProgressive: c.Aux = Be(c.Agr, past: true); c.Verb = v.Ing; break;
            case Tense.Perfect: c.Aux = Have(c.Agr); c.Verb = v.Part; break;
            case Tense.Modal: c.Aux = Modal(); c.Verb = v.Base; break;
            case Tense.GoingTo: c.Aux = Be(c.Agr, past: false); c.GoingTo = true; c.Verb = v.Base; break;
        }
    }

    /// <summary>A tense for a clause at this level: present and progressive first, then past, modals, going-to, perfect.</summary>
    public Tense ChooseTense()
    {
        ReadOnlySpan<double> weights =
        [
            ByLevel(40, 24), // present
            ByLevel(12, 22), // past
            ByLevel(30, 18), // progressive
            ByLevel(0, 3),   // past progressive
            ByLevel(1, 9),   // perfect
            ByLevel(14, 16), // modal
            ByLevel(4, 8),   // going to
        ];
        return Pick([Tense.Present, Tense.Past, Tense.Progressive, Tense.PastProgressive, Tense.Perfect, Tense.Modal, Tense.GoingTo], weights);
    }

    /// <summary>
    /// Chooses a verb that suits the subject (c.SubjectSem) and fills the verb group, object and rest of
    /// <paramref name="c"/>. <paramref name="objects"/> is the chance of using an optional object.
    /// </summary>
    public void Predicate(Clause c, Tense tense, double objects = 0.7, double adjuncts = -1, Frame frames = Frame.Trans | Frame.Opt | Frame.Intr | Frame.Motion | Frame.Loc | Frame.Ditr | Frame.Erg)
    {
        var v = PickVerb(c.SubjectSem, frames);
        SetVerb(c, v, tense);
        Complements(c, v, objects);
        if (adjuncts < 0) adjuncts = ByLevel(0.12, 0.3);
        if (P(adjuncts)) Adjunct(c.Rest, c.SubjectSem, c.Tense);
    }

    /// <summary>The complements <paramref name="v"/> needs (object, second object, place, goal) in c.Object and c.Rest.</summary>
    public void Complements(Clause c, Verb v, double objects = 0.7)
    {
        if (v.Has(Frame.Loc))
        {
            c.ObjectSem = v.Obj;
            Object(c.Object, v.Obj);
            PlacePhrase(c.Rest, modifiers: false);
        }
        else if (v.Has(Frame.Ditr) && P(0.4))
        {
            // give the dog a bone / give a bone to the dog
            if (P(0.5))
            {
                RecipientWord(c.Object);
                c.ObjectSem = v.Obj;
                NounPhrase(c.Object, v.Obj, modifiers: false);
            }
            else
            {
                c.ObjectSem = v.Obj;
                NounPhrase(c.Object, v.Obj, modifiers: false);
                c.Rest.Add("to");
                RecipientWord(c.Rest);
            }
        }
        else if (v.Has(Frame.Trans) || v.Has(Frame.Ditr) || (v.Has(Frame.Opt) || v.Has(Frame.Erg)) && v.Obj != Sem.None && P(objects))
        {
            c.ObjectSem = v.Obj;
            Object(c.Object, v.Obj);
        }
        else if (v.Has(Frame.Motion))
        {
            if (P(0.6)) Goal(c.Rest);
        }
        else if (v.Has(Frame.Clausal))
        {
            EmbeddedClause(c.Rest);
        }
    }

    private void RecipientWord(List<string> w)
    {
        double u = Rng.NextDouble();
        if (u < 0.4) w.Add(Pick(["me", "me", "him", "her", "us", "them"]));
        else if (u < 0.65) w.Add(PickName().Word);
        else NounPhrase(w, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false);
    }

    /// <summary>"now", "again", "in the kitchen", "with daddy", "after lunch": one adjunct.</summary>
    public void Adjunct(List<string> w, Sem subject, Tense tense)
    {
        double u = Rng.NextDouble();
        if (u < 0.45) w.Add(TimeAdverb(tense));
        else if (u < 0.75) PlacePhrase(w, modifiers: false);
        else if (u < 0.88 && (subject & Sem.Animate) != 0)
        {
            w.Add("with");
            if (P(0.5)) w.Add(PickName().Word);
            else NounPhrase(w, Sem.Animate, det: P(0.5) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
        }
        else
        {
            w.Add(Pick(["after", "before"]));
            var ev = PickNoun(Sem.Event);
            NounPhrase(w, ev, Num.Sg, ev.Mass ? Det.Bare : Det.The, 0, modifiers: false);
        }
    }

    /// <summary>"(that) the dog is hungry": a finite clause after think, know, say, hope…</summary>
    public void EmbeddedClause(List<string> w)
    {
        if (_depth >= 2) { w.Add("so"); return; }
        _depth++;
        if (P(0.3)) w.Add("that");
        var c = NewClause();
        c.SubjectSem = Sem.Animate;
        var np = c.Agree(Subject(c.Subject, Sem.Animate, pronoun: 0.4, name: 0.3));
        if (P(0.3)) Copula(c);
        else Predicate(c, Pick([Tense.Present, Tense.Progressive, Tense.Past, Tense.Modal]), adjuncts: 0.1);
        Declarative(w, c);
        _depth--;
    }

    /// <summary>
    /// "what daddy found", "who mommy saw at the park", "who took my cup": an embedded wh-question after
    /// know or remember, its gap in the object (a verb that takes one) or in the subject.
    /// </summary>
    public void EmbeddedQuestion(List<string> w)
    {
        _depth++;
        var c = NewClause();
        if (P(0.65))
        {
            var np = c.Agree(Subject(c.Subject, Sem.Animate, pronoun: 0.4, name: 0.3));
            var v = PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => v.Obj != Sem.None && !v.Has(Frame.Loc) && !v.Has(Frame.Ditr), extraKey: "wh-embedded");
            SetVerb(c, v, Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Progressive, Tense.Modal]));
            bool animate = (v.Obj & Sem.Animate) != 0 && ((v.Obj & ~Sem.Animate) == 0 || P(0.3));
            w.Add(animate ? "who" : "what");
            if (P(0.2)) Adjunct(c.Rest, np.Sem, c.Tense);
            Declarative(w, c);
        }
        else
        {
            c.Agr = Agr.ThirdSg;
            c.SubjectSem = Sem.Person;
            w.Add("who");
            Predicate(c, Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Progressive]), objects: 0.9, adjuncts: 0.1,
                frames: Frame.Trans | Frame.Opt | Frame.Intr | Frame.Motion);
            Declarative(w, c, withSubject: false);
        }
        _depth--;
    }

    /// <summary>Fills a copular predicate: "is hungry", "is in the box", "is a big dog".</summary>
    public void Copula(Clause c, bool past = false)
    {
        c.Aux = Be(c.Agr, past);
        c.Tense = past ? Tense.Past : Tense.Present;
        c.Verb = null;
        double u = Rng.NextDouble();
        var sem = c.SubjectSem == Sem.None ? Sem.Object : c.SubjectSem;
        if (u < 0.55)
        {
            if (P(0.2)) c.Object.Add(Pick(["so", "very", "really"]));
            var adj = PickAdjective(sem);
            if (adj is not null) { c.Object.Add(adj.Form); return; }
        }
        if (u < 0.85 && (c.SubjectSem & Sem.Place) == 0)
        {
            PlacePhrase(c.Object, modifiers: false);
            return;
        }
        // predicate nominal: "is a dog", "are ducks" (of a class that has count nouns)
        var nominal = (c.SubjectSem == Sem.None ? Sem.Animal | Sem.Toy : c.SubjectSem) & (Sem.Animate | Sem.Toy | Sem.Vehicle | Sem.Food | Sem.Clothing);
        if (nominal == Sem.None)
        {
            c.Object.Add(PickAdjective(sem)?.Form ?? "here");
            return;
        }
        var noun = PickNoun(nominal, countOnly: true);
        if (c.Agr.Plural) NounPhrase(c.Object, noun, Num.Pl, Det.Bare, P(0.3) ? 1 : 0, modifiers: false);
        else NounPhrase(c.Object, noun, Num.Sg, Det.Indefinite, P(0.3) ? 1 : 0, modifiers: false);
    }

    // ---- saying a clause ----------------------------------------------------------------------------

    /// <summary>Subject, verb group, object, rest: "the dog is eating a cookie".</summary>
    public static void Declarative(List<string> w, Clause c, bool withSubject = true)
    {
        if (withSubject) w.AddRange(c.Subject);
        if (c.Aux is not null) w.Add(c.Aux);
        if (c.GoingTo) { w.Add("going"); w.Add("to"); }
        if (c.Verb is not null) w.Add(c.Verb);
        w.AddRange(c.Object);
        w.AddRange(c.Rest);
    }

    /// <summary>"the dog is not eating", "the dog does not eat": negation with do-support.</summary>
    public static void Negative(List<string> w, Clause c, string negation = "not")
    {
        w.AddRange(c.Subject);
        w.Add(c.Aux ?? c.DoForm!);
        w.Add(negation);
        if (c.GoingTo) { w.Add("going"); w.Add("to"); }
        if (c.Verb is not null) w.Add(c.Aux is not null ? c.Verb : c.BaseVerb!);
        w.AddRange(c.Object);
        w.AddRange(c.Rest);
    }

    /// <summary>Subject–auxiliary inversion: "is the dog eating", "does the dog eat"; <paramref name="gap"/> leaves the object out.</summary>
    public static void Inverted(List<string> w, Clause c, bool gap = false, string? between = null)
    {
        w.Add(c.Aux ?? c.DoForm!);
        w.AddRange(c.Subject);
        if (between is not null) w.Add(between);
        if (c.GoingTo) { w.Add("going"); w.Add("to"); }
        if (c.Verb is not null) w.Add(c.Aux is not null ? c.Verb : c.BaseVerb!);
        if (!gap) w.AddRange(c.Object);
        w.AddRange(c.Rest);
    }

    /// <summary>Can the clause's verb group invert (copula, auxiliary, or a main verb with do-support)?</summary>
    public static bool CanInvert(Clause c) => c.Aux is not null || c.DoForm is not null;
}
