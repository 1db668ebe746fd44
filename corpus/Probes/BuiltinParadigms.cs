// The templates of the built-in probe suite, one per paradigm. Each writes a good sentence from the
// shapes of a corpus construction (named in its comment) and a bad twin that breaks exactly the
// paradigm's constraint with the same number of words: one word substituted, or the same words in
// another order (two phrases swapped, one moved). Nothing but the contrast separates the two: both end
// in the same punctuation, and every word that is good in some pairs is bad in as many others. Pair i
// is counterbalanced against pair i+1 (the context's Even flag: singular vs plural, gap vs no gap, …), and
// where a substitution's two words would otherwise always fall on the same side, the two pairs of a
// couple share them (Shared): "ate" good and "eaten" bad in one, "eaten" good and "ate" bad in the other.
// So neither sentence length, punctuation nor word frequency can solve a paradigm (ConfoundCheck measures
// it; the suite's tests hold it).
using BabyLm.Core;
using BabyLm.Corpus.Language;

namespace BabyLm.Corpus.Probes;

internal static class BuiltinParadigms
{
    public sealed record Template(BuiltinParadigmInfo Info, Action<PairContext> Build);

    /// <summary>Where a template writes: the composer (probe vocabulary), the two sentences and the pair index.</summary>
    public sealed class PairContext
    {
        public PairContext(Inventory inventory, Rng rng)
        {
            C = new Composer(inventory, rng, level: 6) { ProbeVocabulary = true };
            K = new Constructions(C);
        }

        public Composer C { get; }
        public Constructions K { get; }
        public Inventory Inv => C.Inv;
        public Sentence GoodSentence { get; } = new();
        public Sentence BadSentence { get; } = new();
        public List<string> Good => GoodSentence.W;
        public List<string> Bad => BadSentence.W;
        public int Index { get; private set; }
        /// <summary>The counterbalancing bit: even and odd pairs take opposite values of the contrast.</summary>
        public bool Even => Index % 2 == 0;

        public void Start(int index)
        {
            Index = index;
            if (index / 2 != _couple)
            {
                _couple = index / 2;
                _shared.Clear();
            }
            Good.Clear();
            Bad.Clear();
        }

        private readonly Dictionary<string, object> _shared = new(StringComparer.Ordinal);
        private int _couple = -1;

        /// <summary>
        /// A choice the two pairs of a couple (2k, 2k+1) share: drawn once, the first time either asks, and
        /// kept across the retries of both. With the contrast flipped between them (Even), each word of the
        /// choice is good in one pair and bad in the other.
        /// </summary>
        public T Shared<T>(string key, Func<T> draw) where T : notnull
        {
            if (!_shared.TryGetValue(key, out var value)) _shared[key] = value = draw();
            return (T)value;
        }

        /// <summary>The bad member is the good one with the word at <paramref name="at"/> replaced.</summary>
        public void Substitute(int at, string word)
        {
            Bad.Clear();
            Bad.AddRange(Good);
            Bad[at] = word;
        }
    }

    private const string Morphology = "morphology", Syntax = "syntax", Semantics = "semantics", SyntaxSemantics = "syntax_semantics";

    public static readonly IReadOnlyList<Template> All =
    [
        T("determiner_noun_agreement_adjacent", "determiner_noun_agreement", Morphology, local: true,
            "a demonstrative agrees in number with the noun right after it (this/that + singular, these/those + plural)",
            p => Demonstrative(p, adjectives: 0, irregular: false)),
        T("determiner_noun_agreement_with_adjective", "determiner_noun_agreement", Morphology, local: false,
            "a demonstrative agrees in number with its noun across an adjective",
            p => Demonstrative(p, adjectives: 1, irregular: false)),
        T("determiner_noun_agreement_irregular", "determiner_noun_agreement", Morphology, local: true,
            "a demonstrative agrees with a noun whose plural is irregular (this child / these children)",
            p => Demonstrative(p, adjectives: 0, irregular: true)),
        T("subject_verb_agreement_simple", "subject_verb_agreement", Morphology, local: true,
            "the auxiliary after the subject noun agrees with it in number (is/are, was/were, has/have)",
            SubjectVerbSimple),
        T("subject_verb_agreement_lexical_verb", "subject_verb_agreement", Morphology, local: true,
            "a present-tense verb right after the subject noun agrees with it (the dog likes / the dogs like)",
            SubjectVerbLexical),
        T("subject_verb_agreement_across_pp", "subject_verb_agreement", Morphology, local: false,
            "the verb agrees with the head noun, not with the noun of the PP between them (an attractor of the other number)",
            SubjectVerbAcrossPp),
        T("subject_verb_agreement_across_relative_clause", "subject_verb_agreement", Morphology, local: false,
            "the verb agrees with the head noun across a relative clause whose object has the other number",
            SubjectVerbAcrossRelative),
        T("subject_verb_agreement_in_question", "subject_verb_agreement", Morphology, local: false,
            "a fronted auxiliary agrees with the subject that follows it (where are the cookies ?)",
            SubjectVerbQuestion),
        T("subject_verb_agreement_question_attractor", "subject_verb_agreement", Morphology, local: false,
            "a fronted auxiliary agrees with the head of the subject, not with the noun of its PP (is the girl with the puppies tired ?)",
            SubjectVerbQuestionAttractor),
        T("anaphor_gender_agreement", "anaphor_agreement", Morphology, local: false,
            "a reflexive agrees in gender with its antecedent (mommy hurt herself / daddy hurt himself)",
            AnaphorGender),
        T("anaphor_number_agreement", "anaphor_agreement", Morphology, local: false,
            "a reflexive agrees in number with its antecedent (the kids washed themselves / the boy washed himself)",
            AnaphorNumber),
        T("argument_structure_transitive", "argument_structure", Syntax, local: false,
            "an object needs a verb that takes one (the dog chased the cat / the dog slept the cat)",
            ArgumentTransitive),
        T("argument_structure_intransitive", "argument_structure", Syntax, local: false,
            "a verb that needs an object cannot go without one (the baby laughed today / the baby found today)",
            ArgumentIntransitive),
        T("argument_structure_swapped_arguments", "argument_structure", Syntax, local: false,
            "the verb's subject must be animate: swapping an animate subject with an inanimate object breaks it",
            ArgumentSwapped, PairDesign.Permutation),
        T("irregular_verb_active", "irregular_forms", Morphology, local: false,
            "in the active, a simple past takes the past form and a perfect the participle (the boy ate the cake / *the boy eaten the cake; "
            + "the boy has eaten the cake / *the boy has ate the cake); each verb in both halves",
            IrregularActive),
        T("irregular_verb_passive", "irregular_forms", Morphology, local: false,
            "a passive takes the participle, the same verb's active simple past the past form (the cake was eaten / *the cake was ate; "
            + "the dog ate the cake / *the dog eaten the cake); each verb in both halves",
            IrregularPassive),
        T("filler_gap_wh_object", "filler_gap_dependency", Syntax, local: false,
            "an object gap needs a wh-filler and a wh-filler needs a gap (i know what daddy found . / *i know that daddy found . ; "
            + "i know that daddy found the ball . / *i know what daddy found the ball .); that and what swap sides between the halves",
            FillerGapObject),
        T("filler_gap_wh_subject", "filler_gap_dependency", Syntax, local: false,
            "a subject gap needs its filler right before it, and a wh-filler needs a gap (i saw the boy who took my cup . / "
            + "*i saw who the boy took my cup .): the same words, who moved",
            FillerGapSubject, PairDesign.Permutation),
        T("island_effects_adjunct", "island_effects", Syntax, local: false,
            "no extraction out of an adjunct clause (what did he drop while holding the cup ? / *what did he drop the cup while holding ?)",
            AdjunctIsland, PairDesign.Permutation),
        T("island_effects_coordinate_structure", "island_effects", Syntax, local: false,
            "no extraction of one conjunct of a coordination (what did mommy and daddy buy ? / *what did mommy buy and daddy ?): the same words, one conjunct moved",
            CoordinateIsland, PairDesign.Permutation),
        T("npi_licensing_question", "npi_licensing", Semantics, local: false,
            "ever needs a licensor: subject-auxiliary inversion licenses it, the same words in statement order do not, "
            + "both with a question mark (has the puppy ever seen snow ? / *the puppy has ever seen snow ?)",
            NpiQuestion, PairDesign.Permutation),
        T("npi_licensing_negation", "npi_licensing", Semantics, local: false,
            "any needs a negative licensor above it: a no-subject licenses any in the object, not the other way round "
            + "(i think no dog ate any cookies . / *i think any dog ate no cookies .)",
            NpiNegation, PairDesign.Permutation),
        T("npi_licensing_only", "npi_licensing", Semantics, local: false,
            "only licenses ever from the subject, not from the object after it (i think only the boy has ever seen a whale . / *i think the boy has ever seen only a whale .)",
            NpiOnly, PairDesign.Permutation),
        T("quantifiers_existential_there", "quantifiers", Semantics, local: false,
            "existential there takes a weak determiner (a, another, one, two, three, some, many), not a strong one (every, each, both, most), which may sit in the PP "
            + "(there is a frog in every pond . / *there is every frog in a pond .)",
            ExistentialThere, PairDesign.Permutation),
        T("quantifiers_superlative", "quantifiers", Semantics, local: false,
            "at least / at most cannot sit under a negative subject; a no inside the subject's PP is no licensor above it "
            + "(the dog with no bones ate at least two treats . / *no dog with the bones ate at least two treats .)",
            Superlative, PairDesign.Permutation),
        T("case_subject_pronoun", "case", Morphology, local: false,
            "a subject pronoun is nominative: an accusative one cannot be the subject (i think the boy saw her . / *i think her saw the boy .)",
            CaseSubject, PairDesign.Permutation),
        T("case_object_pronoun", "case", Morphology, local: false,
            "an object pronoun is accusative: a nominative one cannot be the object (i think she saw the boy . / *i think the boy saw she .)",
            CaseObject, PairDesign.Permutation),
        T("binding_principle_a", "binding", SyntaxSemantics, local: false,
            "a reflexive needs a local antecedent: the embedded subject, not the matrix one (principle A)",
            BindingPrincipleA, PairDesign.Permutation),
        T("ellipsis_n_bar", "ellipsis", Syntax, local: false,
            "N-bar ellipsis leaves the numeral alone; an adjective cannot be stranded after it",
            EllipsisNBar, PairDesign.Permutation),
    ];

    private static Template T(string uid, string phenomenon, string field, bool local, string contrast, Action<PairContext> build,
        PairDesign design = PairDesign.Substitution)
        => new(new BuiltinParadigmInfo(uid, phenomenon, field, contrast, local, design), build);

    // ---- shared pieces ---------------------------------------------------------------------------------

    /// <summary>Obligatorily transitive verbs whose bare use is clearly ungrammatical (no reciprocal, particle or habitual reading).</summary>
    private static readonly HashSet<string> s_mustTakeObject = new(StringComparer.Ordinal)
    {
        "find", "take", "want", "need", "like", "love", "bring", "hold", "buy", "make", "carry", "catch", "wear", "feed",
        "fix", "touch", "chase", "tickle", "grab", "lick", "taste", "pet", "poke", "squeeze", "borrow", "bury", "peel", "wrap",
    };

    /// <summary>Intransitive verbs that take no object at all (no cognate or causative object).</summary>
    private static readonly HashSet<string> s_neverTakeObject = new(StringComparer.Ordinal)
    {
        "sleep", "laugh", "cry", "smile", "sneeze", "yawn", "giggle", "nap", "cough", "snore", "shiver", "snuggle",
        "listen", "talk", "look", "arrive", "fall", "bark", "growl", "purr", "crawl",
    };

    private static readonly string[] s_timeTails = ["today", "again", "too"];
    private static readonly string[] s_atPlaces = ["park", "zoo", "beach", "farm", "store", "school", "pool", "playground", "library"];

    /// <summary>An adjunct that fits any tense and cannot be read as a particle or an object: "today", "with daddy", "at the park".</summary>
    private static void SafeTail(PairContext p, List<string> w)
    {
        double u = p.C.Rng.NextDouble();
        if (u < 0.6) w.Add(p.C.Pick(s_timeTails));
        else if (u < 0.8) w.Add("with", p.C.PickName().Word);
        else w.Add("at", "the", p.C.Pick(s_atPlaces));
    }

    /// <summary>"the big dog" / "my dogs": a definite or possessive noun phrase of a count noun.</summary>
    private static Np DefiniteNp(PairContext p, List<string> w, Noun noun, bool plural, int adjectives = 0)
        => p.C.NounPhrase(w, noun, plural ? Num.Pl : Num.Sg, p.C.P(0.75) ? Det.The : Det.Possessive, adjectives, modifiers: false);

    /// <summary>A transitive (or optionally transitive) verb for a subject of <paramref name="subject"/> whose object class has count nouns.</summary>
    private static Verb ObjectVerb(PairContext p, Sem subject, Func<Verb, bool>? extra = null, string key = "")
        => p.C.PickVerb(subject, Frame.Trans | Frame.Opt, extra: v => v.Obj != Sem.None && (v.Obj & CountClasses) != 0
            && !v.Has(Frame.Loc) && !v.Has(Frame.Ditr) && (extra is null || extra(v)), extraKey: "probe-obj/" + key);

    private const Sem CountClasses = Sem.Animate | Sem.Thing | Sem.Vehicle | Sem.Furniture | Sem.Nature | Sem.Body;

    private static string Flip(string aux) => aux switch
    {
        "is" => "are", "are" => "is", "was" => "were", "were" => "was", "has" => "have", "have" => "has",
        _ => throw new InvalidOperationException($"no number twin for '{aux}'"),
    };

    /// <summary>"the boy" / "mommy" / "the queen": a singular person (or animal) of the given gender.</summary>
    private static Np Gendered(PairContext p, List<string> w, Gender gender, bool allowNames = true)
    {
        if (allowNames && p.C.P(0.5))
        {
            var n = p.C.PickName(gender);
            w.Add(n.Word);
            return new Np(new Agr(3, false, gender), Sem.Person, null, n.Word);
        }
        var noun = p.Inv.Pool($"gendered/{gender}", p.Inv.Nouns, x => x.Gender == gender && x.Count && x.Weight >= Inventory.ProbeNounWeight, x => x.Weight).Pick(p.C.Rng);
        w.Add("the");
        if (p.C.P(0.3)) w.Add(p.C.PickAdjective(Sem.Person)!.Form);
        w.Add(noun.Sg);
        return new Np(new Agr(3, false, gender), noun.Sem, noun);
    }

    private const double ReflexiveVerbWeight = 100;

    /// <summary>A pronoun, a name or a short noun phrase ("the big dog", "my sisters"): a subject without a PP or a relative clause.</summary>
    private static Np ShortSubject(PairContext p, List<string> w, Sem sem, double pronoun = 0.4, double name = 0.3)
    {
        double u = p.C.Rng.NextDouble();
        if (u < pronoun)
        {
            var pr = p.C.PickPronoun(sem);
            w.Add(pr.Nom);
            return new Np(pr.Agr, Composer.PronounSem(pr, sem), null);
        }
        if (u < pronoun + name && (sem & Sem.Person) != 0)
        {
            var n = p.C.PickName();
            w.Add(n.Word);
            return new Np(new Agr(3, false, n.Gender), Sem.Person, null, n.Word);
        }
        return p.C.NounPhrase(w, sem, det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: p.C.P(0.2) ? 1 : 0, modifiers: false);
    }

    private static string ReflexiveOf(Gender g) => g == Gender.Feminine ? "herself" : "himself";

    // ---- determiner–noun agreement (LookAt, Want, Statement) ----------------------------------------------

    private static void Demonstrative(PairContext p, int adjectives, bool irregular)
    {
        var w = p.Good;
        bool plural = !p.Even;
        Noun noun;
        int frame = p.C.Next(3);
        if (irregular)
            noun = p.Inv.Pool("irregular-plural", p.Inv.Nouns, n => n.IrregularPlural && n.Pl != n.Sg && n.Weight >= Inventory.ProbeNounWeight, n => n.Weight).Pick(p.C.Rng);
        else if (frame == 2) noun = p.C.PickNoun(Sem.Food | Sem.Toy, countOnly: true);
        else noun = p.C.PickNoun(Sem.Animate | Sem.Toy | Sem.Food | Sem.Vehicle | Sem.Clothing | Sem.Household | Sem.Nature, countOnly: true);
        if (frame == 2 && irregular) frame = 0;
        if (frame == 0) w.Add("look", "at");
        else if (frame == 2) w.Add("do", "you", "want");
        else
        {
            var subject = p.C.Subject(w, Sem.Person, 0.6, 0.25);
            var v = ObjectVerb(p, subject.Sem, v => (v.Obj & noun.Sem) != 0, "obj" + (int)noun.Sem);
            w.Add(p.C.P(0.5) ? v.Past : v.Present(subject.Agr));
        }
        int at = w.Count;
        bool near = p.C.P(0.5);
        w.Add(plural ? (near ? "these" : "those") : near ? "this" : "that");
        p.C.Adjectives(w, noun.Sem, adjectives > 0 && p.C.P(0.2) ? 2 : adjectives);
        w.Add(noun.Form(plural));
        if (frame == 1 && p.C.P(0.3)) SafeTail(p, w);
        w.Add(frame == 2 ? "?" : p.C.P(0.3) ? "!" : ".");
        p.Substitute(at, w[at] switch { "this" => "these", "these" => "this", "that" => "those", _ => "that" });
    }

    // ---- subject–verb agreement ------------------------------------------------------------------------

    /// <summary>Statement / Copula: "the kitty is sleeping .", "my shoes were wet .", "the dogs have a ball .".</summary>
    private static void SubjectVerbSimple(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Animate | Sem.Toy | Sem.Food | Sem.Vehicle | Sem.Clothing, countOnly: true);
        var np = DefiniteNp(p, w, noun, plural, p.C.P(0.3) ? 1 : 0);
        int at = w.Count;
        var c = p.C.NewClause();
        c.Agr = np.Agr;
        c.SubjectSem = noun.Sem;
        double u = p.C.Rng.NextDouble();
        bool animate = (noun.Sem & Sem.Animate) != 0;
        if (u < 0.4 && animate)
        {
            p.C.Predicate(c, p.C.P(0.7) ? Tense.Progressive : Tense.PastProgressive, adjuncts: 0.3,
                frames: Frame.Trans | Frame.Opt | Frame.Intr | Frame.Motion);
            if (c.Aux is null) return; // a stative verb fell back to a simple tense
        }
        else if (u < 0.55 && animate)
        {
            c.Aux = Composer.Have(np.Agr);
            p.C.NounPhrase(c.Object, Sem.Toy | Sem.Food | Sem.Clothing, det: Det.Indefinite, maxAdjectives: 0, modifiers: false);
        }
        else p.C.Copula(c, past: p.C.P(0.3));
        Composer.Declarative(w, c, withSubject: false);
        w.Add(".");
        p.Substitute(at, Flip(w[at]));
    }

    /// <summary>Statement, present simple: "the dog likes cookies .".</summary>
    private static void SubjectVerbLexical(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        var np = DefiniteNp(p, w, noun, plural, p.C.P(0.3) ? 1 : 0);
        int at = w.Count;
        var v = p.C.PickVerb(noun.Sem, Frame.Trans | Frame.Opt | Frame.Intr | Frame.Motion,
            extra: v => v.Base is not ("have" or "do"), extraKey: "lexical");
        var c = p.C.NewClause();
        c.Agr = np.Agr;
        c.SubjectSem = noun.Sem;
        p.C.SetVerb(c, v, Tense.Present);
        p.C.Complements(c, v, 0.9);
        if (p.C.P(0.3)) p.C.Adjunct(c.Rest, noun.Sem, c.Tense);
        Composer.Declarative(w, c, withSubject: false);
        w.Add(".");
        p.Substitute(at, w[at] == v.S3 ? v.Base : v.S3);
    }

    /// <summary>A PP after a head noun, of the other number: "on the shelves", "with the red hat".</summary>
    private static void Attractor(PairContext p, List<string> w, Noun head, bool plural)
    {
        if ((head.Sem & Sem.Animate) != 0 && p.C.P(0.5))
        {
            w.Add("with", "the");
            var thing = p.C.PickNoun((head.Sem & Sem.Person) != 0 ? Sem.Clothing | Sem.Toy : Sem.Toy | Sem.Clothing, countOnly: true);
            w.Add(thing.Form(plural));
            return;
        }
        string prep = p.C.Pick(["in", "on", "under", "behind", "near", "by"]);
        var sem = prep switch
        {
            "in" => Sem.Place | Sem.Furniture | Sem.Vehicle,
            "on" => Sem.Furniture | Sem.Nature,
            "under" => Sem.Furniture | Sem.Nature | Sem.Vehicle,
            _ => Sem.Furniture | Sem.Nature | Sem.Vehicle | Sem.Place,
        };
        w.Add(prep, "the");
        w.Add(p.C.PickNoun(sem, countOnly: true).Form(plural));
    }

    /// <summary>Copula with a PP-modified subject: "the books on the shelf are red .".</summary>
    private static void SubjectVerbAcrossPp(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Animate | Sem.Toy | Sem.Food | Sem.Clothing | Sem.Household, countOnly: true);
        var np = DefiniteNp(p, w, noun, plural, p.C.P(0.2) ? 1 : 0);
        Attractor(p, w, noun, !plural);
        int at = w.Count;
        var c = p.C.NewClause();
        c.Agr = np.Agr;
        c.SubjectSem = noun.Sem;
        if ((noun.Sem & Sem.Animate) != 0 && p.C.P(0.4))
            p.C.Predicate(c, Tense.Progressive, objects: 0.5, adjuncts: 0, frames: Frame.Intr | Frame.Opt | Frame.Trans);
        else
        {
            c.Aux = p.C.Be(np.Agr, p.C.P(0.3));
            if (p.C.P(0.2)) c.Object.Add(p.C.Pick(["so", "very", "really"]));
            c.Object.Add(p.C.PickAdjective(noun.Sem)!.Form);
        }
        if (c.Aux is null) return;
        Composer.Declarative(w, c, withSubject: false);
        w.Add(".");
        p.Substitute(at, Flip(w[at]));
    }

    /// <summary>Relative: "the boy who has the balls is happy .".</summary>
    private static void SubjectVerbAcrossRelative(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        w.Add("the");
        w.Add(noun.Form(plural));
        var np = new Np(new Agr(3, plural, noun.Gender), noun.Sem, noun);
        w.Add((noun.Sem & Sem.Person) != 0 && p.C.P(0.7) ? "who" : "that");
        var v = ObjectVerb(p, noun.Sem, v => (v.Obj & (Sem.Thing | Sem.Animal)) != 0, "rel");
        w.Add(p.C.P(0.5) ? v.Past : v.Present(np.Agr));
        w.Add("the");
        w.Add(p.C.PickNoun(v.Obj & (Sem.Thing | Sem.Animal), countOnly: true).Form(!plural));
        int at = w.Count;
        w.Add(p.C.Be(np.Agr, p.C.P(0.3)));
        if (p.C.P(0.2)) w.Add(p.C.Pick(["so", "very", "really"]));
        w.Add(p.C.PickAdjective(Sem.Animate)!.Form);
        w.Add(".");
        p.Substitute(at, Flip(w[at]));
    }

    /// <summary>Where / YesNo / WhQuestion: "where are the cookies ?", "is the dog hungry ?", "what are the kids eating ?".</summary>
    private static void SubjectVerbQuestion(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        int frame = p.C.Next(3);
        var noun = p.C.PickNoun(frame == 0 ? Sem.Animate | Sem.Toy | Sem.Food | Sem.Clothing | Sem.Vehicle : Sem.Animate, countOnly: true);
        var agr = new Agr(3, plural, noun.Gender);
        bool past = p.C.P(0.25);
        if (frame != 1) w.Add(frame == 0 ? "where" : "what");
        int at = w.Count;
        w.Add(p.C.Be(agr, past));
        DefiniteNp(p, w, noun, plural, p.C.P(0.3) ? 1 : 0);
        if (frame == 1)
        {
            if (p.C.P(0.5)) w.Add(p.C.PickAdjective(noun.Sem)!.Form);
            else w.Add(p.C.PickVerb(noun.Sem, Frame.Intr | Frame.Motion | Frame.Opt, allowStative: false).Ing);
        }
        else if (frame == 2) w.Add(ObjectVerb(p, noun.Sem, v => !v.Stative, "wh-ing").Ing);
        w.Add("?");
        p.Substitute(at, Flip(w[at]));
    }

    /// <summary>YesNo with a PP-modified subject: "is the girl with the puppies tired ?".</summary>
    private static void SubjectVerbQuestionAttractor(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        var agr = new Agr(3, plural, noun.Gender);
        w.Add(p.C.Be(agr, p.C.P(0.25)));
        DefiniteNp(p, w, noun, plural);
        Attractor(p, w, noun, !plural);
        if (p.C.P(0.5)) w.Add(p.C.PickAdjective(noun.Sem)!.Form);
        else w.Add(p.C.PickVerb(noun.Sem, Frame.Intr | Frame.Motion | Frame.Opt, allowStative: false).Ing);
        w.Add("?");
        p.Substitute(0, Flip(w[0]));
    }

    // ---- anaphor agreement (ReflexiveSentence) -----------------------------------------------------------

    private static void ReflexiveClause(PairContext p, List<string> w, Np subject, string reflexive, out int at)
    {
        var c = p.C.NewClause();
        c.Agree(subject);
        // Every verb that takes a reflexive is common enough in the corpus: widen the probe cut for them.
        var v = p.Inv.VerbPool(subject.Sem, Frame.Trans | Frame.Opt, true, v => v.Reflexive && v.Weight >= ReflexiveVerbWeight, "refl-probe").Pick(p.C.Rng);
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Progressive, Tense.Present, Tense.Modal, Tense.Perfect]));
        Composer.Declarative(w, c, withSubject: false);
        at = w.Count;
        w.Add(reflexive);
        if (p.C.P(0.4)) SafeTail(p, w);
        w.Add(".");
    }

    private static void AnaphorGender(PairContext p)
    {
        var gender = p.Even ? Gender.Feminine : Gender.Masculine;
        var np = Gendered(p, p.Good, gender);
        ReflexiveClause(p, p.Good, np, ReflexiveOf(gender), out int at);
        p.Substitute(at, ReflexiveOf(gender == Gender.Feminine ? Gender.Masculine : Gender.Feminine));
    }

    private static void AnaphorNumber(PairContext p)
    {
        var w = p.Good;
        if (p.Even)
        {
            var gender = p.C.P(0.5) ? Gender.Feminine : Gender.Masculine;
            var np = Gendered(p, w, gender);
            ReflexiveClause(p, w, np, ReflexiveOf(gender), out int at);
            p.Substitute(at, "themselves");
        }
        else
        {
            var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
            var np = DefiniteNp(p, w, noun, plural: true);
            ReflexiveClause(p, w, np, "themselves", out int at);
            p.Substitute(at, p.C.P(0.5) ? "himself" : "herself");
        }
    }

    // ---- argument structure (Statement) ------------------------------------------------------------------

    private static string FormLike(Verb v, Clause c) => c.Tense switch
    {
        Tense.Past => v.Past,
        Tense.Present => v.Present(c.Agr),
        Tense.Progressive or Tense.PastProgressive => v.Ing,
        _ => v.Base,
    };

    private static void ArgumentTransitive(PairContext p)
    {
        var w = p.Good;
        var c = p.C.NewClause();
        var np = c.Agree(p.C.Subject(c.Subject, Sem.Animate, 0.4, 0.3));
        var v = ObjectVerb(p, np.Sem, v => !v.Has(Frame.Erg), "trans");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Progressive, Tense.Modal]));
        c.ObjectSem = v.Obj;
        p.C.NounPhrase(c.Object, p.C.PickNoun(v.Obj & CountClasses), det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: p.C.P(0.2) ? 1 : 0, modifiers: false);
        if (p.C.P(0.3)) SafeTail(p, c.Rest);
        Composer.Declarative(w, c);
        w.Add(".");
        int at = c.Subject.Count + (c.Aux is null ? 0 : 1);
        var bad = p.C.PickVerb(np.Sem, Frame.Intr | Frame.Motion, extra: x => s_neverTakeObject.Contains(x.Base), extraKey: "never-object");
        p.Substitute(at, FormLike(bad, c));
    }

    private static void ArgumentIntransitive(PairContext p)
    {
        var w = p.Good;
        var c = p.C.NewClause();
        var np = c.Agree(p.C.Subject(c.Subject, Sem.Animate, 0.4, 0.3));
        var v = p.C.PickVerb(np.Sem, Frame.Intr | Frame.Motion, extra: x => s_neverTakeObject.Contains(x.Base), extraKey: "never-object");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Progressive, Tense.Modal]));
        SafeTail(p, c.Rest);
        Composer.Declarative(w, c);
        w.Add(".");
        int at = c.Subject.Count + (c.Aux is null ? 0 : 1);
        var bad = p.C.PickVerb(np.Sem, Frame.Trans, extra: x => s_mustTakeObject.Contains(x.Base), extraKey: "must-object");
        if (bad.Stative && c.Tense is Tense.Progressive) return; // "is liking": a second violation; draw again
        p.Substitute(at, FormLike(bad, c));
    }

    /// <summary>Statement with an animate subject and an inanimate object of the same number, in the past or progressive.</summary>
    private static void ArgumentSwapped(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var subject = p.C.PickNoun(Sem.Animate, countOnly: true);
        var v = ObjectVerb(p, subject.Sem, v => (v.Obj & ~Sem.Animate & CountClasses) != 0 && (v.Subj & ~Sem.Animate) == 0, "swap");
        var obj = p.C.PickNoun(v.Obj & ~Sem.Animate & CountClasses, countOnly: true);
        var first = new List<string>(4);
        var second = new List<string>(4);
        p.C.NounPhrase(first, subject, plural ? Num.Pl : Num.Sg, p.C.P(0.6) ? Det.The : Det.Indefinite, 0, modifiers: false);
        p.C.NounPhrase(second, obj, plural ? Num.Pl : Num.Sg, p.C.P(0.6) ? Det.The : Det.Indefinite, 0, modifiers: false);
        var agr = new Agr(3, plural, Gender.None);
        var verb = new List<string>(2);
        if (p.C.P(0.5) || v.Stative) verb.Add(v.Past);
        else verb.Add(p.C.Be(agr, p.C.P(0.3)), v.Ing);
        w.AddRange(first); w.AddRange(verb); w.AddRange(second); w.Add(".");
        p.Bad.AddRange(second); p.Bad.AddRange(verb); p.Bad.AddRange(first); p.Bad.Add(".");
    }

    // ---- irregular forms (Statement, Passive) ------------------------------------------------------------

    /// <summary>Irregular verbs whose past and participle differ from each other and from the base (ate/eaten, not ran/run);
    /// motion verbs only when people do them (went/gone, swam/swum, fell/fallen: "flown" is too rare in the corpus).</summary>
    private static bool DistinctIrregular(Verb v) => v.Past != v.Part && v.Part != v.Base && v.IrregularPast && v.Base is not ("do" or "know")
        && !(v.Has(Frame.Motion) && (v.Subj & Sem.Person) == 0);

    /// <summary>An irregular verb for the couple (both pairs contrast its past and participle), drawn from <paramref name="key"/>'s pool.</summary>
    private static Verb CoupleVerb(PairContext p, Frame frames, Func<Verb, bool> extra, string key, bool allowStative = true)
        => p.Shared("verb", () => p.C.PickVerb(Sem.Animate, frames, allowStative, extra, key));

    /// <summary>Statement: "the boy ate the cake ." (past; *eaten) and "the boy has eaten the cake ." (perfect; *ate).</summary>
    private static void IrregularActive(PairContext p)
    {
        var w = p.Good;
        var v = CoupleVerb(p, Frame.Trans | Frame.Opt | Frame.Motion | Frame.Erg | Frame.Ditr, DistinctIrregular, "irregular");
        var c = p.C.NewClause();
        c.Agree(ShortSubject(p, c.Subject, v.Subj & Sem.Animate));
        bool past = p.Even;
        p.C.SetVerb(c, v, past ? Tense.Past : Tense.Perfect);
        p.C.Complements(c, v, 0.9);
        if (p.C.P(0.3)) SafeTail(p, c.Rest);
        Composer.Declarative(w, c);
        w.Add(".");
        p.Substitute(c.Subject.Count + (past ? 0 : 1), past ? v.Part : v.Past);
    }

    /// <summary>Passive: "the cake was eaten by the dog ." (*ate), and the same verb active: "the dog ate the cake ." (*eaten).</summary>
    private static void IrregularPassive(PairContext p)
    {
        var w = p.Good;
        var v = CoupleVerb(p, Frame.Trans | Frame.Opt | Frame.Erg | Frame.Ditr, x => DistinctIrregular(x) && (x.Obj & Sem.Object) != 0, "irregular-passive", allowStative: false);
        int at;
        if (p.Even)
        {
            var np = p.C.NounPhrase(w, p.C.PickNoun(v.Obj & Sem.Object), det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
            w.Add(p.C.Be(np.Agr, past: p.C.P(0.7)));
            at = w.Count;
            w.Add(v.Part);
            if (p.C.P(0.4))
            {
                w.Add("by");
                p.K.AgentWord(w);
            }
        }
        else
        {
            var c = p.C.NewClause();
            c.Agree(ShortSubject(p, c.Subject, v.Subj & Sem.Animate));
            p.C.SetVerb(c, v, Tense.Past);
            p.C.NounPhrase(c.Object, p.C.PickNoun(v.Obj & Sem.Object), det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
            Composer.Declarative(w, c);
            at = c.Subject.Count;
        }
        w.Add(".");
        p.Substitute(at, p.Even ? v.Past : v.Part);
    }

    // ---- filler–gap dependencies (WhQuestion, YesNo, Statement) ------------------------------------------

    /// <summary>"i know", "mommy knows", "we knew", "do you know": a matrix that takes a that-clause and an embedded question alike.</summary>
    private static bool KnowMatrix(PairContext p, List<string> w)
    {
        if (p.C.P(0.25))
        {
            w.Add(p.C.Pick(["do", "did"]), "you", "know");
            return true;
        }
        var np = ShortSubject(p, w, Sem.Person, 0.6, 0.3);
        w.Add(p.C.P(0.3) ? "knew" : np.Agr.Is3Sg ? "knows" : "know");
        return false;
    }

    /// <summary>
    /// "i think", "mommy says that", "daddy knew": a matrix clause before the clause a paradigm permutes, so
    /// its first word never moves. A byte-level BPE splits a sentence's first word without the leading
    /// space it has everywhere else; moving a word into or out of first place would change the token count.
    /// </summary>
    private static void ThinkMatrix(PairContext p, List<string> w)
    {
        var np = ShortSubject(p, w, Sem.Person, 0.6, 0.3);
        bool past = p.C.P(0.3);
        w.Add(p.C.Pick(["think", "know", "say"]) switch
        {
            "think" => past ? "thought" : np.Agr.Is3Sg ? "thinks" : "think",
            "know" => past ? "knew" : np.Agr.Is3Sg ? "knows" : "know",
            _ => past ? "said" : np.Agr.Is3Sg ? "says" : "say",
        });
        if (p.C.P(0.3)) w.Add("that");
    }

    /// <summary>
    /// Clausal (embedded question / that-clause): with a gap, "i know what daddy found ." (*that); without,
    /// "i know that daddy found the ball ." (*what). The couple shares the wh-word, so that and it each
    /// sit on the good side once.
    /// </summary>
    private static void FillerGapObject(PairContext p)
    {
        string wh = p.Shared("wh", () => p.C.P(0.3) ? "who" : "what");
        Sem objects = wh == "who" ? Sem.Animate : Sem.Thing;
        var head = new List<string>(6);
        bool question = KnowMatrix(p, head);
        var c = p.C.NewClause();
        var np = c.Agree(ShortSubject(p, c.Subject, Sem.Animate));
        var v = p.C.PickVerb(np.Sem, Frame.Trans, extra: x => s_mustTakeObject.Contains(x.Base) && (x.Obj & objects) != 0, extraKey: "must-object/" + wh);
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Modal]));
        bool gap = p.Even;
        if (!gap) p.C.NounPhrase(c.Object, p.C.PickNoun(v.Obj & objects & CountClasses), det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
        if (p.C.P(0.4)) SafeTail(p, c.Rest);
        p.Good.AddRange(head); p.Good.Add(gap ? wh : "that"); Composer.Declarative(p.Good, c); p.Good.Add(question ? "?" : ".");
        p.Substitute(head.Count, gap ? "that" : wh);
    }

    /// <summary>Relative: "i saw the boy who took my cup ." / *"i saw who the boy took my cup ." (who moved before the head noun).</summary>
    private static void FillerGapSubject(PairContext p)
    {
        var head = new List<string>(6);
        bool question = p.C.P(0.2);
        if (question) head.Add(p.C.Pick(["did", "do"]), "you", p.C.Pick(["see", "know", "remember"]));
        else
        {
            var m = ShortSubject(p, head, Sem.Person, 0.6, 0.3);
            head.Add(p.C.Pick(["saw", "saw", "knew", "remembered", m.Agr.Is3Sg ? "knows" : "know"]));
        }
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Person, countOnly: true);
        var np = new List<string>(3) { "the" };
        p.C.Adjectives(np, noun.Sem, p.C.P(0.2) ? 1 : 0);
        np.Add(noun.Form(plural));
        var agr = new Agr(3, plural, noun.Gender);
        var v = ObjectVerb(p, Sem.Person, x => x.TakesObject && !x.Stative && (x.Obj & CountClasses) != 0, "rel-subject");
        var rest = new List<string>(8) { p.C.P(0.6) ? v.Past : v.Present(agr) };
        p.C.NounPhrase(rest, p.C.PickNoun(v.Obj & CountClasses), det: p.C.P(0.6) ? Det.Possessive : Det.The, maxAdjectives: 0, modifiers: false);
        if (p.C.P(0.4)) SafeTail(p, rest);
        string end = question ? "?" : ".";
        p.Good.AddRange(head); p.Good.AddRange(np); p.Good.Add("who"); p.Good.AddRange(rest); p.Good.Add(end);
        p.Bad.AddRange(head); p.Bad.Add("who"); p.Bad.AddRange(np); p.Bad.AddRange(rest); p.Bad.Add(end);
    }

    // ---- islands (Adjunct, AcrossTheBoard) ---------------------------------------------------------------

    private static void AdjunctIsland(PairContext p)
    {
        var (v1, v2, shared) = p.K.SharedObjectVerbs();
        var head = new List<string>(6) { "what", "did" };
        p.K.AgentWord(head);
        head.Add(v1.Base);
        var np = new List<string>(4);
        p.C.NounPhrase(np, p.C.PickNoun(shared), det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
        string conj = p.C.Pick(["while", "after", "before"]);
        p.Good.AddRange(head); p.Good.Add(conj, v2.Ing); p.Good.AddRange(np); p.Good.Add("?");
        p.Bad.AddRange(head); p.Bad.AddRange(np); p.Bad.Add(conj, v2.Ing, "?");
    }

    /// <summary>AcrossTheBoard: "what did mommy and daddy buy ?" / *"what did mommy buy and daddy ?" (the second conjunct moved after the verb).</summary>
    private static void CoordinateIsland(PairContext p)
    {
        bool who = p.C.P(0.3);
        var v = who
            ? p.C.PickVerb(Sem.Person, Frame.Trans | Frame.Opt, extra: x => (x.Obj & Sem.Person) != 0 && !x.Has(Frame.Loc) && !x.Has(Frame.Ditr), extraKey: "person-obj-coord")
            : p.C.PickVerb(Sem.Person, Frame.Trans, extra: x => (x.Obj & Sem.Thing) != 0, extraKey: "thing-trans");
        var first = new List<string>(3);
        var second = new List<string>(3);
        p.K.AgentWord(first);
        do { second.Clear(); p.K.AgentWord(second); } while (second.SequenceEqual(first));
        string aux = p.C.Pick(["did", "did", "will", "can"]);
        foreach (var (list, moved) in new[] { (p.Good, false), (p.Bad, true) })
        {
            list.Add(who ? "who" : "what", aux);
            list.AddRange(first);
            if (moved) list.Add(v.Base);
            list.Add("and");
            list.AddRange(second);
            if (!moved) list.Add(v.Base);
            list.Add("?");
        }
    }

    // ---- NPI licensing (Npi) ---------------------------------------------------------------------------

    /// <summary>Npi: "has the puppy ever seen snow ?" / *"the puppy has ever seen snow ?" (the auxiliary moved; both asked).</summary>
    private static void NpiQuestion(PairContext p)
    {
        var c = p.K.EverClause(p.C.Pick([Tense.Perfect, Tense.Perfect, Tense.Past, Tense.Present]));
        Composer.Inverted(p.Good, c, between: "ever");
        p.Good.Add("?");
        var b = p.Bad;
        b.AddRange(c.Subject);
        b.Add(c.Aux ?? c.DoForm!, "ever");
        b.Add(c.Aux is not null ? c.Verb! : c.BaseVerb!);
        b.AddRange(c.Object);
        b.AddRange(c.Rest);
        b.Add("?");
    }

    /// <summary>Npi (negative subject), embedded: "i think no dog ate any cookies ." / *"i think any dog ate no cookies ." (no and any swapped).</summary>
    private static void NpiNegation(PairContext p)
    {
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        bool plural = p.C.P(0.4);
        var v = p.C.PickVerb(noun.Sem, Frame.Trans | Frame.Opt, extra: x => (x.Obj & Sem.Object & ~Sem.Body) != 0 && !x.Has(Frame.Loc) && !x.Has(Frame.Ditr), extraKey: "any");
        Noun obj;
        do obj = p.C.PickNoun(v.Obj & Sem.Object & ~Sem.Body); while (obj.Unique); // not "any moon"
        var tail = new List<string>(4);
        if (p.C.P(0.3)) SafeTail(p, tail);
        var head = new List<string>(4);
        ThinkMatrix(p, head);
        foreach (var (list, subjectDet, objectDet) in new[] { (p.Good, "no", "any"), (p.Bad, "any", "no") })
        {
            list.AddRange(head);
            list.Add(subjectDet, noun.Form(plural), v.Past, objectDet);
            list.Add(obj.Form(obj.Count));
            list.AddRange(tail);
            list.Add(".");
        }
    }

    /// <summary>Npi (only), embedded: "i think only the boy has ever seen a whale ." / *"i think the boy has ever seen only a whale ." (only moved to the object).</summary>
    private static void NpiOnly(PairContext p)
    {
        ThinkMatrix(p, p.Good);
        p.Bad.AddRange(p.Good);
        var c = p.K.EverClause(Tense.Perfect, pronoun: 0);
        p.Good.Add("only");
        Constructions.Adverbial(p.Good, c, "ever");
        p.Good.Add(".");
        var b = p.Bad;
        b.AddRange(c.Subject);
        b.Add(c.Aux!, "ever", c.Verb!, "only");
        b.AddRange(c.Object);
        b.AddRange(c.Rest);
        b.Add(".");
    }

    // ---- quantifiers (Existential, Quantified) -------------------------------------------------------------

    /// <summary>Existential: "there is a frog in every pond ." / *"there is every frog in a pond ." (the two determiners swapped).</summary>
    private static void ExistentialThere(PairContext p)
    {
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Object | Sem.Animal | Sem.Person, countOnly: true);
        var (prep, place) = p.C.PickPlace(countOnly: true);
        string be = p.C.P(0.3) ? (plural ? "were" : "was") : plural ? "are" : "is";
        string weak = plural ? p.C.Pick(["two", "three", "some", "many"]) : p.C.Pick(["a", "a", "one", "another"]);
        string strong = plural ? p.C.Pick(["both", "most"]) : p.C.Pick(["every", "each"]);
        var adjective = new List<string>(1);
        p.C.Adjectives(adjective, noun.Sem, p.C.P(0.25) ? 1 : 0);
        foreach (var (list, pivot, inPlace) in new[] { (p.Good, weak, strong), (p.Bad, strong, weak) })
        {
            list.Add("there", be, pivot);
            list.AddRange(adjective);
            list.Add(noun.Form(plural), prep, inPlace, place.Form(plural), ".");
        }
    }

    /// <summary>Quantified: "the dog with no bones ate at least two treats ." / *"no dog with the bones ate at least two treats ." (the and no swapped).</summary>
    private static void Superlative(PairContext p)
    {
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        bool plural = p.C.P(0.4);
        var adjective = new List<string>(1);
        p.C.Adjectives(adjective, noun.Sem, p.C.P(0.2) ? 1 : 0);
        var with = p.C.PickNoun(Sem.Toy | Sem.Clothing | Sem.Food, countOnly: true).Pl!;
        var c = p.C.NewClause();
        c.Agr = new Agr(3, plural, noun.Gender);
        c.SubjectSem = noun.Sem;
        var v = ObjectVerb(p, noun.Sem, x => (x.Obj & (Sem.Thing | Sem.Animal)) != 0, "countable");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Modal, Tense.Perfect, Tense.Present]));
        c.Object.Add("at", p.C.Pick(["least", "most"]));
        c.Object.Add(p.C.Numeral());
        c.Object.Add(p.C.PickNoun(v.Obj & (Sem.Thing | Sem.Animal), countOnly: true).Pl!);
        foreach (var (list, subjectDet, withDet) in new[] { (p.Good, "the", "no"), (p.Bad, "no", "the") })
        {
            list.Add(subjectDet);
            list.AddRange(adjective);
            list.Add(noun.Form(plural), "with", withDet, with);
            Composer.Declarative(list, c, withSubject: false);
            list.Add(".");
        }
    }

    // ---- case (Statement, Object) --------------------------------------------------------------------------

    /// <summary>
    /// The pieces both case paradigms swap, after a matrix clause both members share (ThinkMatrix): a person noun phrase ("the boy", "mommy"), a pronoun of the
    /// couple's choice, and a verb group without agreement (past or modal: "saw", "can tickle"), so either
    /// argument order keeps the verb right.
    /// </summary>
    private static (List<string> Np, Pronoun Pronoun, List<string> Verb, List<string> Tail) CaseParts(PairContext p)
    {
        ThinkMatrix(p, p.Good);
        p.Bad.AddRange(p.Good);
        var np = new List<string>(3);
        p.K.AgentWord(np);
        var pronoun = p.Inv.Pronoun(p.C.Pick(["he", "she", "we", "they", "i"]));
        var v = ObjectVerb(p, Sem.Person, x => (x.Obj & Sem.Person) != 0 && (x.Subj & Sem.Person) != 0, "person-obj");
        var verb = new List<string>(2);
        if (p.C.P(0.7)) verb.Add(v.Past);
        else verb.Add(p.C.Modal(), v.Base);
        var tail = new List<string>(4);
        if (p.C.P(0.4)) SafeTail(p, tail);
        return (np, pronoun, verb, tail);
    }

    /// <summary>Clausal: "i think the boy saw her ." / *"i think her saw the boy ." (the accusative moved into the subject).</summary>
    private static void CaseSubject(PairContext p)
    {
        var (np, pronoun, verb, tail) = CaseParts(p);
        p.Good.AddRange(np); p.Good.AddRange(verb); p.Good.Add(pronoun.Acc); p.Good.AddRange(tail); p.Good.Add(".");
        p.Bad.Add(pronoun.Acc); p.Bad.AddRange(verb); p.Bad.AddRange(np); p.Bad.AddRange(tail); p.Bad.Add(".");
    }

    /// <summary>Clausal: "i think she saw the boy ." / *"i think the boy saw she ." (the nominative moved into the object).</summary>
    private static void CaseObject(PairContext p)
    {
        var (np, pronoun, verb, tail) = CaseParts(p);
        p.Good.Add(pronoun.Nom); p.Good.AddRange(verb); p.Good.AddRange(np); p.Good.AddRange(tail); p.Good.Add(".");
        p.Bad.AddRange(np); p.Bad.AddRange(verb); p.Bad.Add(pronoun.Nom); p.Bad.AddRange(tail); p.Bad.Add(".");
    }

    // ---- binding (ReflexiveSentence), ellipsis (Ellipsis) -----------------------------------------------------

    private static void BindingPrincipleA(PairContext p)
    {
        var local = p.Even ? Gender.Feminine : Gender.Masculine;
        var matrix = local == Gender.Feminine ? Gender.Masculine : Gender.Feminine;
        var first = new List<string>(3);
        var second = new List<string>(3);
        Gendered(p, first, matrix);
        var np = Gendered(p, second, local);
        var verb = new List<string>(2) { p.C.Pick(["says", "said", "thinks", "knows"]) };
        if (p.C.P(0.3)) verb.Add("that");
        var rest = new List<string>(8);
        ReflexiveClause(p, rest, np, ReflexiveOf(local), out _);
        p.Good.AddRange(first); p.Good.AddRange(verb); p.Good.AddRange(second); p.Good.AddRange(rest);
        p.Bad.AddRange(second); p.Bad.AddRange(verb); p.Bad.AddRange(first); p.Bad.AddRange(rest);
    }

    private static void EllipsisNBar(PairContext p)
    {
        bool have = p.C.P(0.5);
        var v = have ? p.Inv.Verb("have") : p.C.PickVerb(Sem.Person, Frame.Trans, extra: x => (x.Obj & Sem.Thing) != 0 && !x.Has(Frame.Loc), extraKey: "thing-trans2");
        var noun = p.C.PickNoun(v.Obj & Sem.Thing, countOnly: true);
        var adj = p.C.PickAdjective(noun.Sem)!;
        string n1 = p.C.Pick(["one", "two", "three"]);
        string n2;
        do n2 = p.C.Pick(["two", "three", "four", "five", "one"]); while (n2 == n1);
        var s1 = new List<string>(3);
        var s2 = new List<string>(3);
        var a1 = EllipsisSubject(p, s1);
        var a2 = EllipsisSubject(p, s2);
        string f1 = have ? v.Present(a1) : v.Past, f2 = have ? v.Present(a2) : v.Past;
        p.Good.AddRange(s1); p.Good.Add(f1, n1, adj.Form, noun.Form(n1 != "one"), "and"); p.Good.AddRange(s2); p.Good.Add(f2, n2, ".");
        p.Bad.AddRange(s1); p.Bad.Add(f1, n1, noun.Form(n1 != "one"), "and"); p.Bad.AddRange(s2); p.Bad.Add(f2, n2, adj.Form, ".");
    }

    private static Agr EllipsisSubject(PairContext p, List<string> w)
    {
        if (p.C.P(0.4))
        {
            var pronoun = p.Inv.Pronoun(p.C.Pick(["i", "you", "we", "he", "she", "they"]));
            w.Add(pronoun.Nom);
            return pronoun.Agr;
        }
        return p.K.AgentWord(w).Agr;
    }
}
