// The templates of the built-in probe suite, one per paradigm. Each writes a good sentence from the
// shapes of a corpus construction (named in its comment) and a bad twin that breaks exactly the
// paradigm's constraint, with the smallest change that can: one word substituted, one phrase inserted or
// deleted, two phrases swapped, or one phrase moved. Pair i is counterbalanced against pair i+1 (the
// context's Even flag): singular vs plural, feminine vs masculine, filler vs no filler, …, so the
// surface frequency of a word cannot solve the paradigm.
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
            Good.Clear();
            Bad.Clear();
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
            ArgumentSwapped),
        T("irregular_past_tense", "irregular_forms", Morphology, local: false,
            "a simple past needs the past form, not the participle (the boy ate the cake / the boy eaten the cake)",
            IrregularPast),
        T("irregular_past_participle", "irregular_forms", Morphology, local: false,
            "a passive or perfect needs the participle, not the past form (the cake was eaten / the cake was ate)",
            IrregularParticiple),
        T("filler_gap_wh_object", "filler_gap_dependency", Syntax, local: false,
            "a wh-filler needs an object gap and an object gap needs a filler (counterbalanced 2x2: what did you find ? / did you find the ball ?)",
            FillerGapObject),
        T("filler_gap_wh_subject", "filler_gap_dependency", Syntax, local: false,
            "a subject wh-filler needs a subject gap and a subject gap needs a filler (who took my cup ? / the boy took my cup .)",
            FillerGapSubject),
        T("island_effects_adjunct", "island_effects", Syntax, local: false,
            "no extraction out of an adjunct clause (what did he drop while holding the cup ? / what did he drop the cup while holding ?)",
            AdjunctIsland),
        T("island_effects_coordinate_structure", "island_effects", Syntax, local: false,
            "extraction from a coordination must be from every conjunct (what did mommy buy and daddy cook ?)",
            CoordinateIsland),
        T("npi_licensing_question", "npi_licensing", Semantics, local: false,
            "ever needs a licensor: a question licenses it, the same words as a statement do not",
            NpiQuestion),
        T("npi_licensing_negation", "npi_licensing", Semantics, local: false,
            "any needs a licensor: never licenses it, always/often/sometimes/usually do not",
            NpiNegation),
        T("npi_licensing_only", "npi_licensing", Semantics, local: false,
            "only licenses ever on its subject; even does not",
            NpiOnly),
        T("quantifiers_existential_there", "quantifiers", Semantics, local: false,
            "existential there takes weak determiners (a, some, two, no), not strong ones (every, each, all, most)",
            ExistentialThere),
        T("quantifiers_superlative", "quantifiers", Semantics, local: false,
            "at least / at most cannot sit under a negative subject (the dog ate at least two treats / no dog ate …)",
            Superlative),
        T("case_subject_pronoun", "case", Morphology, local: false,
            "a subject pronoun is nominative (she is reading / her is reading)",
            CaseSubject),
        T("case_object_pronoun", "case", Morphology, local: false,
            "an object pronoun is accusative (mommy saw her / mommy saw she)",
            CaseObject),
        T("binding_principle_a", "binding", SyntaxSemantics, local: false,
            "a reflexive needs a local antecedent: the embedded subject, not the matrix one (principle A)",
            BindingPrincipleA),
        T("ellipsis_n_bar", "ellipsis", Syntax, local: false,
            "N-bar ellipsis leaves the numeral alone; an adjective cannot be stranded after it",
            EllipsisNBar),
    ];

    private static Template T(string uid, string phenomenon, string field, bool local, string contrast, Action<PairContext> build)
        => new(new BuiltinParadigmInfo(uid, phenomenon, field, contrast, local), build);

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

    private static void IrregularPast(PairContext p)
    {
        var w = p.Good;
        var c = p.C.NewClause();
        var np = c.Agree(p.C.Subject(c.Subject, Sem.Animate, 0.4, 0.3));
        var v = p.C.PickVerb(np.Sem, Frame.Trans | Frame.Opt | Frame.Motion | Frame.Erg | Frame.Ditr, extra: DistinctIrregular, extraKey: "irregular");
        p.C.SetVerb(c, v, Tense.Past);
        p.C.Complements(c, v, 0.9);
        if (p.C.P(0.3)) SafeTail(p, c.Rest);
        Composer.Declarative(w, c);
        w.Add(".");
        p.Substitute(c.Subject.Count, v.Part);
    }

    private static void IrregularParticiple(PairContext p)
    {
        var w = p.Good;
        int at;
        Verb v;
        if (p.Even)
        {
            // passive: the cake was eaten (by the dog) .
            v = p.C.PickVerb(Sem.Animate, Frame.Trans | Frame.Opt | Frame.Erg | Frame.Ditr, allowStative: false,
                extra: x => DistinctIrregular(x) && (x.Obj & Sem.Object) != 0, extraKey: "irregular-passive");
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
            // perfect: the boy has eaten the cake .
            var c = p.C.NewClause();
            var np = c.Agree(p.C.Subject(c.Subject, Sem.Animate, 0.4, 0.3));
            v = p.C.PickVerb(np.Sem, Frame.Trans | Frame.Opt | Frame.Motion | Frame.Erg | Frame.Ditr, extra: DistinctIrregular, extraKey: "irregular");
            p.C.SetVerb(c, v, Tense.Perfect);
            p.C.Complements(c, v, 0.9);
            Composer.Declarative(w, c);
            at = c.Subject.Count + 1;
        }
        w.Add(".");
        p.Substitute(at, v.Past);
    }

    // ---- filler–gap dependencies (WhQuestion, YesNo, Statement) ------------------------------------------

    private static void FillerGapObject(PairContext p)
    {
        var c = p.C.NewClause();
        var np = c.Agree(p.C.Subject(c.Subject, Sem.Animate, 0.5, 0.25));
        var v = p.C.PickVerb(np.Sem, Frame.Trans, extra: x => s_mustTakeObject.Contains(x.Base), extraKey: "must-object");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Present, Tense.Modal]));
        var noun = p.C.PickNoun(v.Obj & CountClasses);
        p.C.NounPhrase(c.Object, noun, det: p.C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
        if (p.C.P(0.5)) SafeTail(p, c.Rest);
        var with = new List<string>(16);
        var without = new List<string>(16);
        Composer.Inverted(with, c);
        Composer.Inverted(without, c, gap: true);
        if (p.Even)
        {
            // a filler: the gap is good, a filled object is bad
            string wh = (noun.Sem & Sem.Animate) != 0 ? "who" : "what";
            p.Good.Add(wh); p.Good.AddRange(without); p.Good.Add("?");
            p.Bad.Add(wh); p.Bad.AddRange(with); p.Bad.Add("?");
        }
        else
        {
            // no filler: the filled object is good, a gap is bad
            p.Good.AddRange(with); p.Good.Add("?");
            p.Bad.AddRange(without); p.Bad.Add("?");
        }
    }

    private static void FillerGapSubject(PairContext p)
    {
        var subject = new List<string>(4);
        var np = p.C.P(0.5) ? p.K.AgentWord(subject) : p.C.NounPhrase(subject, Sem.Animate, Num.Sg, Det.The, 0, modifiers: false);
        var v = ObjectVerb(p, np.Sem, x => x.Past != x.Base && x.TakesObject && !x.Stative && (x.Obj & CountClasses) != 0, "past-obj");
        var rest = new List<string>(8) { v.Past };
        p.C.NounPhrase(rest, p.C.PickNoun(v.Obj & CountClasses), det: p.C.P(0.6) ? Det.Possessive : Det.The, maxAdjectives: 0, modifiers: false);
        if (p.C.P(0.5)) SafeTail(p, rest);
        if (p.Even)
        {
            p.Good.Add("who"); p.Good.AddRange(rest); p.Good.Add("?");
            p.Bad.Add("who"); p.Bad.AddRange(subject); p.Bad.AddRange(rest); p.Bad.Add("?");
        }
        else
        {
            p.Good.AddRange(subject); p.Good.AddRange(rest); p.Good.Add(".");
            p.Bad.AddRange(rest); p.Bad.Add(".");
        }
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

    private static void CoordinateIsland(PairContext p)
    {
        var (v1, v2, shared) = p.K.SharedObjectVerbs();
        var first = new List<string>(3);
        var second = new List<string>(3);
        p.K.AgentWord(first);
        do { second.Clear(); p.K.AgentWord(second); } while (second.SequenceEqual(first));
        var np = new List<string>(4);
        p.C.NounPhrase(np, p.C.PickNoun(shared), det: p.C.P(0.7) ? Det.The : Det.Indefinite, maxAdjectives: 0, modifiers: false);
        foreach (var (list, filled) in new[] { (p.Good, 0), (p.Bad, p.Even ? 1 : 2) })
        {
            list.Add("what", "did");
            list.AddRange(first);
            list.Add(v1.Base);
            if (filled == 1) list.AddRange(np);
            list.Add("and");
            list.AddRange(second);
            list.Add(v2.Base);
            if (filled == 2) list.AddRange(np);
            list.Add("?");
        }
    }

    // ---- NPI licensing (Npi) ---------------------------------------------------------------------------

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
        b.Add(".");
    }

    private static void NpiNegation(PairContext p)
    {
        var c = p.K.AnyClause(p.C.Pick([Tense.Present, Tense.Past, Tense.Perfect]));
        Constructions.Adverbial(p.Good, c, "never");
        p.Good.Add(".");
        p.Substitute(p.Good.IndexOf("never"), p.C.Pick(["always", "often", "sometimes", "usually"]));
    }

    private static void NpiOnly(PairContext p)
    {
        p.Good.Add("only");
        Constructions.Adverbial(p.Good, p.K.EverClause(Tense.Perfect, pronoun: 0), "ever");
        p.Good.Add(".");
        p.Substitute(0, "even");
    }

    // ---- quantifiers (Existential, Quantified) -------------------------------------------------------------

    private static void ExistentialThere(PairContext p)
    {
        var w = p.Good;
        bool plural = !p.Even;
        var noun = p.C.PickNoun(Sem.Object | Sem.Animal | Sem.Person, countOnly: true);
        bool past = p.C.P(0.3);
        w.Add("there", past ? (plural ? "were" : "was") : plural ? "are" : "is");
        int at = w.Count;
        w.Add(plural ? p.C.Pick(["two", "three", "some", "no", "many", "four"]) : p.C.Pick(["a", "a", "one", "no", "another"]));
        p.C.Adjectives(w, noun.Sem, p.C.P(0.25) ? 1 : 0);
        w.Add(noun.Form(plural));
        if (p.C.P(0.8)) p.C.PlacePhrase(w, modifiers: false);
        w.Add(".");
        p.Substitute(at, plural ? p.C.Pick(["all", "most", "both"]) : p.C.Pick(["every", "each"]));
    }

    private static void Superlative(PairContext p)
    {
        var w = p.Good;
        var noun = p.C.PickNoun(Sem.Animate, countOnly: true);
        bool plural = p.C.P(0.4);
        w.Add("the");
        p.C.Adjectives(w, noun.Sem, p.C.P(0.2) ? 1 : 0);
        w.Add(noun.Form(plural));
        var c = p.C.NewClause();
        c.Agr = new Agr(3, plural, noun.Gender);
        c.SubjectSem = noun.Sem;
        var v = ObjectVerb(p, noun.Sem, x => (x.Obj & (Sem.Thing | Sem.Animal)) != 0, "countable");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Modal, Tense.Perfect, Tense.Present]));
        c.Object.Add("at", p.C.Pick(["least", "most"]));
        c.Object.Add(p.C.Numeral());
        c.Object.Add(p.C.PickNoun(v.Obj & (Sem.Thing | Sem.Animal), countOnly: true).Pl!);
        Composer.Declarative(w, c, withSubject: false);
        w.Add(".");
        p.Substitute(0, "no");
    }

    // ---- case (Statement, Object) --------------------------------------------------------------------------

    private static void CaseSubject(PairContext p)
    {
        var w = p.Good;
        var pronoun = p.Inv.Pronoun(p.C.Pick(["he", "she", "we", "they", "i"]));
        var c = p.C.NewClause();
        c.Subject.Add(pronoun.Nom);
        c.Agr = pronoun.Agr;
        c.SubjectSem = pronoun.Nom is "he" or "she" or "they" ? Sem.Animate : Sem.Person;
        if (p.C.P(0.3)) p.C.Copula(c, past: p.C.P(0.3));
        else p.C.Predicate(c, p.C.ChooseTense(), adjuncts: 0.3);
        Composer.Declarative(w, c);
        w.Add(".");
        p.Substitute(0, pronoun.Acc);
    }

    private static void CaseObject(PairContext p)
    {
        var w = p.Good;
        var c = p.C.NewClause();
        var np = c.Agree(p.C.P(0.5) ? p.K.AgentWord(c.Subject) : p.C.NounPhrase(c.Subject, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false));
        var v = ObjectVerb(p, np.Sem, x => (x.Obj & Sem.Person) != 0, "person-obj");
        p.C.SetVerb(c, v, p.C.Pick([Tense.Past, Tense.Past, Tense.Present, Tense.Progressive, Tense.Modal]));
        var pronoun = p.Inv.Pronoun(p.C.Pick(["he", "she", "they", "we", "i"]));
        c.Object.Add(pronoun.Acc);
        if (p.C.P(0.5)) SafeTail(p, c.Rest);
        Composer.Declarative(w, c);
        w.Add(".");
        p.Substitute(w.IndexOf(pronoun.Acc, c.Subject.Count), pronoun.Nom);
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
