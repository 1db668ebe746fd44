// The constructions of the built-in grammar: each method writes one complete sentence (final punctuation
// included) from the composer's phrase and clause builders. The registers (childes, stories, dialogue,
// expository) choose among them with their own weights; the probe templates build their good members
// from the same shapes (each template names its construction).
namespace BabyLm.Corpus.Language;

internal sealed class Constructions
{
    private static readonly string[][] s_routines = Split(
        "bye bye .|all done .|uh oh .|good job !|thank you .|here you go .|there you go .|peekaboo !|night night .|yay !|"
        + "oh no !|oops !|wow !|look !|yes .|no .|okay .|yeah .|good girl !|good boy !|what is that ?|what happened ?|"
        + "where is it ?|come here .|sit down .|let's go !|let's see .|i know .|that is right .|very good !|all gone .|"
        + "hi !|hello !|bye !|please .|thank you very much .|are you okay ?|what do you say ?|say please .|say thank you .|"
        + "say bye bye .|hold on .|wait .|listen .|be careful .|gentle .|shh .|sleep tight .|good morning !|good night .|"
        + "clean up .|up you go !|in you go .|one two three !|hooray !|yum yum .|yuck .|ouch !|you did it !|what a mess !|"
        + "that is silly .|is that funny ?|no no no .|oh dear .|come on .|here it is .|there it is !|where did it go ?|"
        + "i see you !|high five !|let's try .|try again .|all better .|nap time .|bath time !|lunch time .|what are you doing ?|"
        + "who is that ?|what is this ?|is that for me ?|is it good ?|i love you .|you are silly !|me too .|not now .|"
        + "are you ready ?|ready ?|turn it over .|put it down .|pick it up .|get down .|stand up .|let's look .|i got it .|"
        + "my turn .|your turn .|what now ?|all right .|it is okay .|that is okay .|do you like it ?|can you say that ?");
    private static readonly string[][] s_vocatives = Split(
        "hi|bye|good job|thank you|come here|night night|good morning|look|i love you|where are you|are you ready|good girl|good boy");

    private readonly Composer C;

    public Constructions(Composer composer) => C = composer;

    private static string[][] Split(string routines) => routines.Split('|').Select(r => r.Split(' ')).ToArray();

    private static void End(List<string> w, string mark = ".") => w.Add(mark);

    // ---- the youngest: routines, naming, looking, fragments ---------------------------------------------

    /// <summary>"bye bye .", "good job !", "hi emma !": fixed routines, some with a name.</summary>
    public void Routine(List<string> w)
    {
        if (C.P(0.25))
        {
            var v = C.Pick(s_vocatives);
            w.AddRange(v);
            w.Add(C.P(0.3) ? C.PickName().Word : C.Pick(["mommy", "daddy", "sweetie", "buddy"]) switch
            {
                "sweetie" or "buddy" => C.PickName(children: true).Word,
                var caregiver => caregiver,
            });
            End(w, v[0] is "where" or "are" ? "?" : C.P(0.5) ? "!" : ".");
            return;
        }
        w.AddRange(C.Pick(s_routines));
    }

    /// <summary>"that is a dog .", "those are ducks .", "is that your nose ?": naming what is there.</summary>
    public void Naming(List<string> w)
    {
        var noun = C.PickNoun(Sem.Any & ~Sem.Place & ~Sem.Event);
        bool plural = noun.Count && C.P(0.25);
        string pron = plural ? C.Pick(["those", "these", "they"]) : C.Pick(["that", "that", "this", "it"]);
        string be = plural ? "are" : "is";
        bool question = C.P(0.2);
        if (question) w.Add(be, pron);
        else w.Add(pron, be);
        if ((noun.Sem & Sem.Person) != 0 && !plural && C.P(0.4)) w.Add(C.PickName().Word);
        else C.NounPhrase(w, noun, plural ? Num.Pl : Num.Sg, plural ? (C.P(0.6) ? Det.Bare : Det.Possessive) : C.P(0.7) ? Det.Indefinite : Det.Possessive,
            C.P(C.ByLevel(0.1, 0.3)) ? 1 : 0, modifiers: false);
        End(w, question ? "?" : C.P(0.3) ? "!" : ".");
    }

    /// <summary>"look at the doggy !", "look at those big trucks .".</summary>
    public void LookAt(List<string> w)
    {
        w.Add("look", "at");
        if (C.P(0.1)) w.Add(C.Pick(["me", "that", "this", "mommy", "daddy"]));
        else C.NounPhrase(w, Sem.Any & ~Sem.Place & ~Sem.Event, det: C.P(0.5) ? Det.The : Det.Demonstrative);
        End(w, C.P(0.5) ? "!" : ".");
    }

    /// <summary>"the ball ?", "more juice ?", "a big truck !": a noun phrase on its own.</summary>
    public void Fragment(List<string> w)
    {
        if (C.P(0.25))
        {
            w.Add("more");
            C.NounPhrase(w, C.PickNoun(Sem.Food | Sem.Drink), Num.Pl, Det.Bare, 0, modifiers: false);
        }
        else C.NounPhrase(w, Sem.Any & ~Sem.Event & ~Sem.Place, modifiers: false);
        End(w, C.Pick(["?", "!", "."]));
    }

    /// <summary>"where is the ball ?", "where did the kitty go ?", "where are we going ?".</summary>
    public void Where(List<string> w)
    {
        w.Add("where");
        double u = C.Rng.NextDouble();
        if (u < 0.55)
        {
            var tmp = new List<string>(6);
            var np = C.P(0.2) ? NameNp(tmp) : C.NounPhrase(tmp, Sem.Object | Sem.Animate, modifiers: false);
            w.Add(np.Plural ? "are" : "is");
            w.AddRange(tmp);
        }
        else
        {
            var c = C.NewClause();
            var np = C.Subject(c.Subject, Sem.Animate);
            c.Agr = np.Agr;
            var v = C.PickVerb(np.Sem, Frame.Motion, extra: v => v.Base is "go" or "run" or "walk" or "swim" or "fly" or "hop" or "crawl", extraKey: "where");
            C.SetVerb(c, v, C.Pick([Tense.Progressive, Tense.Past, Tense.Present, Tense.Modal]));
            Composer.Inverted(w, c);
        }
        End(w, "?");
    }

    private Np NameNp(List<string> w)
    {
        var n = C.PickName();
        w.Add(n.Word);
        return new Np(new Agr(3, false, n.Gender), Sem.Person, null, n.Word);
    }

    /// <summary>"the cow says moo .", "what does the duck say ?".</summary>
    public void AnimalSound(List<string> w)
    {
        Noun animal;
        do animal = C.PickNoun(Sem.Animal, countOnly: true); while (animal.Sound is null);
        bool plural = C.P(0.2);
        if (C.P(0.4))
        {
            w.Add("what", plural ? "do" : "does");
            C.NounPhrase(w, animal, plural ? Num.Pl : Num.Sg, C.P(0.7) ? Det.The : Det.Indefinite, 0, modifiers: false);
            w.Add("say", "?");
            return;
        }
        C.NounPhrase(w, animal, plural ? Num.Pl : Num.Sg, C.P(0.7) ? Det.The : Det.Indefinite, C.P(0.2) ? 1 : 0, modifiers: false);
        w.Add(plural ? "say" : "says", animal.Sound);
        if (C.P(0.4)) w.Add(animal.Sound);
        End(w, C.P(0.5) ? "!" : ".");
    }

    /// <summary>"this is lolo .", "where is bibi ?", "my doggy is called mika .": pets and toys with made-up names.</summary>
    public void PetName(List<string> w)
    {
        string name = C.InventedName();
        switch (C.Next(7))
        {
            case 0: w.Add(C.Pick(["this", "that"]), "is", name, C.P(0.5) ? "!" : "."); break;
            case 1:
                w.Add(name, "is", C.Pick(["my", "your", "our", "his", "her"]));
                w.Add(C.PickNoun(Sem.Animal | Sem.Toy, countOnly: true).Sg, ".");
                break;
            case 2: w.Add("where", "is", name, "?"); break;
            case 3: w.Add("say"); w.AddRange(C.Pick(["hi", "bye", "night night"]).Split(' ')); w.Add("to", name, "."); break;
            case 4:
                w.Add(name, "is");
                w.Add(C.PickVerb(Sem.Animal, Frame.Intr | Frame.Motion, allowStative: false).Ing, ".");
                break;
            case 5: w.Add("do", "you", "want", "to", "play", "with", name, "?"); break;
            default:
                w.Add(C.Pick(["my", "your", "our", "the"]));
                w.Add(C.PickNoun(Sem.Animal | Sem.Toy, countOnly: true).Sg, "is", "called", name, ".");
                break;
        }
    }

    /// <summary>"do you want some milk ?", "do you want to play ?", "would you like a cookie ?".</summary>
    public void Want(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.55) w.Add("do", "you", "want");
        else if (u < 0.75) w.Add("would", "you", "like");
        else w.Add("you", "want");
        if (C.P(0.3))
        {
            w.Add("to");
            var c = C.NewClause();
            c.Agr = C.Inv.Pronoun("you").Agr;
            c.SubjectSem = Sem.Person;
            var v = C.PickVerb(Sem.Person, Frame.Intr | Frame.Motion | Frame.Opt | Frame.Trans, allowStative: false);
            C.SetVerb(c, v, Tense.Modal);
            C.Complements(c, v, 0.5);
            w.Add(v.Base);
            w.AddRange(c.Object);
            w.AddRange(c.Rest);
        }
        else if (C.P(0.15)) w.Add("more");
        else C.NounPhrase(w, Sem.Food | Sem.Drink | Sem.Toy, det: C.P(0.5) ? Det.Indefinite : Det.Auto, modifiers: false);
        End(w, "?");
    }

    // ---- imperatives and statements ------------------------------------------------------------------

    /// <summary>"give me the cup .", "put the block in the box .", "do not touch that .", "let's read a book .".</summary>
    public void Imperative(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.12) w.Add("do", "not");
        else if (u < 0.24) w.Add("let's");
        else if (u < 0.32) w.Add("please");
        var c = C.NewClause();
        c.Agr = C.Inv.Pronoun("you").Agr;
        c.SubjectSem = Sem.Person;
        var v = C.PickVerb(Sem.Person, Frame.Trans | Frame.Opt | Frame.Motion | Frame.Loc | Frame.Ditr | Frame.Intr | Frame.Erg, allowStative: false);
        C.SetVerb(c, v, Tense.Modal);
        C.Complements(c, v, 0.8);
        w.Add(v.Base);
        w.AddRange(c.Object);
        w.AddRange(c.Rest);
        if (C.P(0.1)) w.Add(C.Pick(["now", "please", "again", "too"]));
        End(w, C.P(0.2) ? "!" : ".");
    }

    /// <summary>A clause with a subject of some animate kind (or a thing, for some verbs), said as a statement.</summary>
    public Clause Clause(Tense? tense = null, Sem subject = Sem.Animate, double pronoun = 0.5, double name = 0.2)
    {
        var c = C.NewClause();
        var np = c.Agree(C.Subject(c.Subject, subject, pronoun, name));
        C.Predicate(c, tense ?? C.ChooseTense());
        return c;
    }

    /// <summary>"the dog is eating a cookie .", "you found the ball !", "we can go to the park later .".</summary>
    public void Statement(List<string> w)
    {
        var c = Clause();
        Composer.Declarative(w, c);
        End(w, C.P(0.1) ? "!" : ".");
    }

    /// <summary>"the ball rolled under the couch .", "the ice melted .": a thing as the subject of a change.</summary>
    public void Ergative(List<string> w)
    {
        var v = C.PickVerb(Sem.Animate, Frame.Erg);
        var c = C.NewClause();
        var np = c.Agree(C.NounPhrase(c.Subject, C.PickNoun(v.Obj), det: C.P(0.7) ? Det.The : Det.Possessive, modifiers: false));
        C.SetVerb(c, v, C.Pick([Tense.Past, Tense.Past, Tense.Progressive, Tense.Present, Tense.Perfect]));
        if (C.P(0.4)) C.PlacePhrase(c.Rest, modifiers: false);
        else if (C.P(0.2)) c.Rest.Add(C.TimeAdverb(c.Tense));
        Composer.Declarative(w, c);
        End(w, C.P(0.2) ? "!" : ".");
    }

    /// <summary>"the kitty is hungry .", "your shoes are in the closet .", "that is a big truck .".</summary>
    public void Copula(List<string> w, bool past = false)
    {
        var c = C.NewClause();
        var np = c.Agree(C.Subject(c.Subject, Sem.Animate | Sem.Object, 0.5, 0.15));
        C.Copula(c, past);
        Composer.Declarative(w, c);
        End(w, C.P(0.15) ? "!" : ".");
    }

    /// <summary>"is the doggy sleeping ?", "can you find the ball ?", "did you eat your peas ?", "are you hungry ?".</summary>
    public void YesNo(List<string> w)
    {
        Clause c;
        if (C.P(0.3))
        {
            c = C.NewClause();
            var np = c.Agree(C.Subject(c.Subject, Sem.Animate | Sem.Object, 0.6, 0.1));
            C.Copula(c);
        }
        else c = Clause(pronoun: 0.65);
        Composer.Inverted(w, c);
        End(w, "?");
    }

    /// <summary>"that is not a cat .", "we do not bite .", "the kitty never eats peas .".</summary>
    public void Negation(List<string> w)
    {
        if (C.P(0.3))
        {
            var c = C.NewClause();
            var np = c.Agree(C.Subject(c.Subject, Sem.Animate | Sem.Object, 0.6, 0.1));
            C.Copula(c);
            Composer.Negative(w, c);
        }
        else if (C.P(0.2)) Adverbial(w, Clause(C.Pick([Tense.Present, Tense.Past])), C.Pick(["never", "always", "sometimes", "usually", "often", "really", "still", "also"]));
        else Composer.Negative(w, Clause());
        End(w);
    }

    /// <summary>A statement with an adverb before the verb: "the dog never barks", "we can always play".</summary>
    public static void Adverbial(List<string> w, Clause c, string adverb)
    {
        w.AddRange(c.Subject);
        if (c.Aux is not null) w.Add(c.Aux);
        w.Add(adverb);
        if (c.GoingTo) w.Add("going", "to");
        if (c.Verb is not null) w.Add(c.Verb);
        w.AddRange(c.Object);
        w.AddRange(c.Rest);
    }

    /// <summary>
    /// "what are you eating ?", "who did you see ?", "who wants a cookie ?", "why is the baby crying ?",
    /// "how many ducks do you see ?".
    /// </summary>
    public void WhQuestion(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.45)
        {
            // object question with a gap
            var c = C.NewClause();
            var np = c.Agree(C.Subject(c.Subject, Sem.Animate, 0.7, 0.15));
            var v = C.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => v.Obj != Sem.None && !v.Has(Frame.Loc), extraKey: "obj");
            C.SetVerb(c, v, C.Pick([Tense.Progressive, Tense.Past, Tense.Present, Tense.Modal, Tense.GoingTo]));
            bool animate = (v.Obj & Sem.Animate) != 0 && ((v.Obj & ~Sem.Animate) == 0 || C.P(0.3));
            w.Add(animate ? "who" : "what");
            if (C.P(C.ByLevel(0.1, 0.3))) C.Adjunct(c.Rest, np.Sem, c.Tense);
            Composer.Inverted(w, c, gap: true);
        }
        else if (u < 0.65)
        {
            // subject question: who/what + third singular verb
            bool animate = C.P(0.7);
            var c = C.NewClause();
            c.Agr = Agr.ThirdSg;
            c.SubjectSem = animate ? Sem.Animate : Sem.Object;
            w.Add(animate ? "who" : "what");
            C.Predicate(c, C.Pick([Tense.Present, Tense.Past, Tense.Progressive, Tense.Modal]), objects: 0.9,
                frames: animate ? Frame.Trans | Frame.Opt | Frame.Motion | Frame.Intr : Frame.Motion | Frame.Intr);
            Composer.Declarative(w, c, withSubject: false);
        }
        else if (u < 0.8)
        {
            w.Add("why");
            Composer.Inverted(w, Clause(C.Pick([Tense.Progressive, Tense.Present, Tense.Past]), pronoun: 0.5));
        }
        else if (u < 0.9)
        {
            w.Add("how", "many");
            var noun = C.PickNoun(Sem.Object | Sem.Animal, countOnly: true);
            w.Add(noun.Pl!);
            if (C.P(0.5)) w.Add(C.Pick(["do", "can", "did"]), "you", C.Pick(["see", "want", "have", "find"]));
            else w.Add("are", "there");
        }
        else
        {
            var tmp = new List<string>(6);
            var np = C.P(0.5) ? NameNp(tmp) : C.NounPhrase(tmp, Sem.Animate, det: Det.The, modifiers: false);
            w.Add("what", C.Be(np.Agr, past: C.P(0.3)));
            w.AddRange(tmp);
            w.Add("doing");
        }
        End(w, "?");
    }

    /// <summary>"the ball is under the table .", "where is the cat ? the cat is on the bed .".</summary>
    public void Locative(List<string> w)
    {
        var c = C.NewClause();
        var np = C.Subject(c.Subject, Sem.Object | Sem.Animate, 0.3, 0.15);
        c.Agr = np.Agr;
        c.Aux = C.Be(np.Agr, C.P(0.15));
        C.PlacePhrase(c.Object);
        Composer.Declarative(w, c);
        End(w);
    }

    /// <summary>"there is a frog in the pond .", "there are two ducks .", "is there any milk ?".</summary>
    public void Existential(List<string> w)
    {
        var noun = C.PickNoun(Sem.Object | Sem.Animal | Sem.Person);
        bool plural = noun.Count && C.P(0.45);
        bool past = C.P(0.15);
        bool question = C.P(0.2);
        string be = past ? (plural ? "were" : "was") : plural ? "are" : "is";
        if (question) w.Add(be, "there");
        else w.Add("there", be);
        string det = noun.Mass
            ? question ? C.Pick(["any", "some", "more"]) : C.Pick(["some", "no", "more", "lots of"])
            : plural ? question ? C.Pick(["any", "two", "some", "many"]) : C.Pick(["two", "three", "some", "no", "many", "lots of", "four", "five"])
            : C.Pick(["a", "a", "a", "one", "no", "another"]);
        if (det == "lots of") w.Add("lots", "of");
        else w.Add(det);
        C.Adjectives(w, noun.Sem, C.P(C.ByLevel(0.1, 0.3)) ? 1 : 0);
        w.Add(noun.Form(plural));
        if (noun.Count && det != "no" && C.P(C.ByLevel(0, 0.15))) QuantifiedPlace(w, plural);
        else if (C.P(0.7)) C.PlacePhrase(w, modifiers: false);
        End(w, question ? "?" : C.P(0.2) ? "!" : ".");
    }

    /// <summary>"in every box", "on both beds": a place with a strong quantifier, of the pivot's number (the pivot itself stays weak).</summary>
    public void QuantifiedPlace(List<string> w, bool plural)
    {
        var (prep, place) = C.PickPlace(countOnly: true);
        w.Add(prep, plural ? C.Pick(["both", "most"]) : C.Pick(["every", "each"]), place.Form(plural));
    }

    // ---- growing complexity --------------------------------------------------------------------------

    /// <summary>
    /// "the cat and the dog are playing .", "mommy is cooking and daddy is reading .",
    /// "you can have an apple or a banana .", and (older) across-the-board questions "what did mommy buy and daddy cook ?".
    /// </summary>
    public void Coordination(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.35)
        {
            var c = C.NewClause();
            var first = C.P(0.4) ? NameNp(c.Subject) : C.NounPhrase(c.Subject, Sem.Animate, modifiers: false);
            c.Subject.Add("and");
            var second = C.P(0.4) ? NameNp(c.Subject) : C.NounPhrase(c.Subject, first.Sem, modifiers: false);
            c.Agr = Agr.ThirdPl;
            c.SubjectSem = first.Sem & second.Sem;
            if (c.SubjectSem == Sem.None) c.SubjectSem = Sem.Animate;
            if (C.P(0.3)) C.Copula(c); else C.Predicate(c, C.ChooseTense());
            Composer.Declarative(w, c);
        }
        else if (u < 0.6)
        {
            Composer.Declarative(w, Clause(C.Pick([Tense.Progressive, Tense.Past, Tense.Present])));
            w.Add(C.Pick(["and", "and", "but"]));
            Composer.Declarative(w, Clause(C.Pick([Tense.Progressive, Tense.Past, Tense.Present])));
        }
        else if (u < 0.8 || C.Level < 5)
        {
            w.Add("you", C.Pick(["can", "may"]), "have");
            var noun = C.PickNoun(Sem.Food | Sem.Toy | Sem.Drink);
            C.NounPhrase(w, noun, Num.Sg, Det.Indefinite, 0, modifiers: false);
            w.Add("or");
            C.NounPhrase(w, C.PickNoun(noun.Sem), Num.Sg, Det.Indefinite, 0, modifiers: false);
        }
        else
        {
            AcrossTheBoard(w);
            return;
        }
        End(w);
    }

    /// <summary>
    /// "what did mommy buy and daddy cook ?": one filler, a gap in each conjunct; or one gap after a
    /// coordinated subject: "what did mommy and the boy find ?".
    /// </summary>
    public void AcrossTheBoard(List<string> w)
    {
        var (v1, v2, _) = SharedObjectVerbs();
        w.Add("what", "did");
        AgentWord(w);
        if (C.P(0.5))
        {
            w.Add("and");
            AgentWord(w);
            w.Add(v1.Base, "?");
            return;
        }
        w.Add(v1.Base, "and");
        AgentWord(w);
        w.Add(v2.Base, "?");
    }

    /// <summary>Two different person-subject transitive verbs and an object class both take.</summary>
    public (Verb First, Verb Second, Sem Object) SharedObjectVerbs()
    {
        while (true)
        {
            var v1 = C.PickVerb(Sem.Person, Frame.Trans, extra: v => (v.Obj & Sem.Thing) != 0, extraKey: "thing-trans");
            var v2 = C.PickVerb(Sem.Person, Frame.Trans | Frame.Opt, extra: v => (v.Obj & Sem.Thing) != 0 && !v.Has(Frame.Loc) && !v.Has(Frame.Erg), extraKey: "thing-obj");
            var shared = v1.Obj & v2.Obj & Sem.Thing;
            if (v1 != v2 && shared != Sem.None) return (v1, v2, shared);
        }
    }

    /// <summary>A name or "the boy": a person as a short agent.</summary>
    public Np AgentWord(List<string> w)
        => C.P(0.5) ? NameNp(w) : C.NounPhrase(w, Sem.Person, Num.Sg, Det.The, 0, modifiers: false);

    /// <summary>"look at the dog that is running .", "the boy who has the ball is happy .", "i like the cookies that mommy made .".</summary>
    public void Relative(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.35)
        {
            // subject relative on the subject: the boy who has the ball is happy
            var c = C.NewClause();
            var np = C.NounPhrase(c.Subject, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false);
            C.RelativeClause(c.Subject, np);
            c.Agree(np);
            if (C.P(0.5)) C.Copula(c); else C.Predicate(c, C.ChooseTense(), adjuncts: 0);
            Composer.Declarative(w, c);
        }
        else if (u < 0.65)
        {
            w.Add(C.Pick(["look", "look", "i", "we"]));
            w.Add(w[^1] == "look" ? "at" : C.Pick(["see", "like", "love"]));
            var np = C.NounPhrase(w, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false);
            C.RelativeClause(w, np);
        }
        else
        {
            // object relative with a gap: the cookies that mommy made
            var v = C.PickVerb(Sem.Person, Frame.Trans, extra: v => (v.Obj & Sem.Thing) != 0, extraKey: "thing-trans");
            w.Add(C.Pick(["i", "you", "we"]), C.Pick(["like", "want", "love", "see"]));
            C.NounPhrase(w, C.PickNoun(v.Obj & Sem.Thing), det: Det.The, maxAdjectives: 0, modifiers: false);
            w.Add("that");
            var sub = C.NewClause();
            var agent = C.Subject(sub.Subject, Sem.Person, 0.3, 0.5);
            sub.Agr = agent.Agr;
            C.SetVerb(sub, v, C.Pick([Tense.Past, Tense.Present, Tense.Perfect]));
            Composer.Declarative(w, sub);
        }
        End(w);
    }

    /// <summary>"the cake was eaten .", "the cookies were eaten by the dog .", "was the window broken ?".</summary>
    public void Passive(List<string> w) => Passive(w, question: C.P(0.15));

    public void Passive(List<string> w, bool question)
    {
        var v = C.PickVerb(Sem.Animate, Frame.Trans | Frame.Opt | Frame.Erg, allowStative: false,
            extra: v => v.Obj != Sem.None && (v.Obj & Sem.Object) != 0, extraKey: "passive");
        var obj = new List<string>(6);
        var np = C.NounPhrase(obj, C.PickNoun(v.Obj & Sem.Object), det: C.P(0.7) ? Det.The : Det.Possessive, modifiers: false);
        string be = C.Be(np.Agr, past: C.P(0.7));
        if (question) { w.Add(be); w.AddRange(obj); }
        else { w.AddRange(obj); w.Add(be); }
        w.Add(v.Part);
        if (C.P(0.4))
        {
            w.Add("by");
            if ((v.Subj & Sem.Person) != 0 && C.P(0.5)) AgentWord(w);
            else C.NounPhrase(w, v.Subj & Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false);
        }
        End(w, question ? "?" : ".");
    }

    /// <summary>The reflexive for an antecedent: himself, herself, itself, themselves, myself, ….</summary>
    public string Reflexive(Np antecedent)
    {
        var a = antecedent.Agr;
        if (a.Person == 1) return a.Plural ? "ourselves" : "myself";
        if (a.Person == 2) return "yourself";
        if (a.Plural) return "themselves";
        return a.Gender switch
        {
            Gender.Masculine => "himself",
            Gender.Feminine => "herself",
            Gender.Neuter => "itself",
            _ => (antecedent.Sem & Sem.Person) != 0 ? C.Pick(["himself", "herself"]) : C.Pick(["itself", "himself", "herself"]),
        };
    }

    /// <summary>"the kitty is washing itself .", "mommy hurt herself .", "mommy says the boy washed himself .".</summary>
    public void ReflexiveSentence(List<string> w)
    {
        if (C.Level >= 4 && C.P(0.3))
        {
            // binding: the reflexive takes the local subject, never the matrix one
            AgentWord(w);
            w.Add(C.Pick(["says", "said", "thinks", "knows"]));
            if (C.P(0.3)) w.Add("that");
        }
        var c = C.NewClause();
        var np = c.Agree(C.P(0.35) ? C.Subject(c.Subject, Sem.Animate, 1.0, 0) : C.P(0.5) ? NameNp(c.Subject) : C.NounPhrase(c.Subject, Sem.Animate, modifiers: false));
        var v = C.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => v.Reflexive, extraKey: "refl");
        C.SetVerb(c, v, C.Pick([Tense.Past, Tense.Progressive, Tense.Present, Tense.Modal, Tense.Perfect]));
        c.Object.Add(Reflexive(np));
        if (C.P(0.3)) C.Adjunct(c.Rest, np.Sem, c.Tense);
        Composer.Declarative(w, c);
        End(w);
    }

    /// <summary>
    /// "every duck has a hat .", "all the ducks are swimming .", "no dog can fly .", "the dog ate at least two treats .",
    /// "you can have at most three cookies .".
    /// </summary>
    public void Quantified(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.3)
        {
            // superlative quantifier in object position, under a subject that is not negative
            var c = C.NewClause();
            Np np;
            if (C.P(0.5)) np = C.Subject(c.Subject, Sem.Animate, 0.4, 0.3);
            else
            {
                np = C.NounPhrase(c.Subject, Sem.Animate, det: C.P(0.7) ? Det.The : Det.Possessive, modifiers: false);
                // "the dog with no bones ate at least two treats": a "no" inside the subject does not scope over the object
                if (C.P(0.25)) c.Subject.Add("with", "no", C.PickNoun(Sem.Toy | Sem.Clothing | Sem.Food, countOnly: true).Pl!);
            }
            c.Agr = np.Agr;
            var v = C.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => (v.Obj & (Sem.Thing | Sem.Animal)) != 0 && !v.Has(Frame.Loc), extraKey: "countable-obj");
            C.SetVerb(c, v, C.Pick([Tense.Past, Tense.Past, Tense.Modal, Tense.Perfect, Tense.Present]));
            c.Object.Add("at", C.Pick(["least", "most"]));
            c.Object.Add(C.Numeral());
            C.NounPhrase(c.Object, C.PickNoun(v.Obj & (Sem.Thing | Sem.Animal), countOnly: true), Num.Pl, Det.Bare, 0, modifiers: false);
            Composer.Declarative(w, c);
        }
        else
        {
            var c = C.NewClause();
            var noun = C.PickNoun(Sem.Animate, countOnly: true);
            string q = C.Pick(["every", "each", "all the", "all", "some", "no", "no", "both", "many", "most"]);
            bool plural = q is not ("every" or "each") && (q != "no" || C.P(0.5));
            foreach (var part in q.Split(' ')) c.Subject.Add(part);
            if (q == "both") plural = true;
            C.Adjectives(c.Subject, noun.Sem, C.P(0.2) ? 1 : 0);
            c.Subject.Add(noun.Form(plural));
            c.Agr = plural ? Agr.ThirdPl : Agr.ThirdSg;
            c.SubjectSem = noun.Sem;
            if (C.P(0.3)) C.Copula(c);
            else C.Predicate(c, C.Pick([Tense.Present, Tense.Progressive, Tense.Modal, Tense.Past]), adjuncts: 0.2);
            Composer.Declarative(w, c);
        }
        End(w);
    }

    /// <summary>
    /// "i think the kitty is hungry .", "mommy says you can have a cookie .", "do you think the dog is sleepy ?",
    /// and embedded questions: "i know what daddy found .", "do you remember who took my cup ?".
    /// </summary>
    public void Clausal(List<string> w)
    {
        var c = C.NewClause();
        var np = C.Subject(c.Subject, Sem.Person, 0.6, 0.3);
        c.Agr = np.Agr;
        c.SubjectSem = Sem.Person;
        if (C.P(0.3))
        {
            var wh = C.PickVerb(Sem.Person, Frame.Clausal, extra: v => v.Base is "know" or "remember", extraKey: "wh-clausal");
            C.SetVerb(c, wh, C.Pick([Tense.Present, Tense.Present, Tense.Past]));
            C.EmbeddedQuestion(c.Rest);
        }
        else
        {
            var v = C.PickVerb(Sem.Person, Frame.Clausal);
            C.SetVerb(c, v, C.Pick([Tense.Present, Tense.Present, Tense.Past]));
            C.EmbeddedClause(c.Rest);
        }
        bool question = C.P(0.2) && c.Tense == Tense.Present && np.Agr.Person == 2;
        if (question) Composer.Inverted(w, c); else Composer.Declarative(w, c);
        End(w, question ? "?" : ".");
    }

    /// <summary>
    /// Negative-polarity items where they are licensed: questions ("have you ever seen a whale ?", "do you
    /// have any cookies ?"), negation ("i do not want any peas .", "the puppy never eats any peas ."),
    /// and "only" ("only daddy has ever been to the zoo .").
    /// </summary>
    public void Npi(List<string> w)
    {
        double u = C.Rng.NextDouble();
        if (u < 0.3)
        {
            var c = EverClause(C.Pick([Tense.Perfect, Tense.Perfect, Tense.Present, Tense.Past]));
            Composer.Inverted(w, c, between: "ever");
            End(w, "?");
        }
        else if (u < 0.5)
        {
            var c = AnyClause(C.Pick([Tense.Present, Tense.Past, Tense.Perfect, Tense.Modal]));
            Composer.Inverted(w, c);
            End(w, "?");
        }
        else if (u < 0.72)
        {
            Composer.Negative(w, AnyClause(C.Pick([Tense.Present, Tense.Past, Tense.Progressive, Tense.Modal])));
            End(w);
        }
        else if (u < 0.8)
        {
            Adverbial(w, AnyClause(C.Pick([Tense.Present, Tense.Past, Tense.Perfect])), "never");
            End(w);
        }
        else if (u < 0.88)
        {
            NegativeSubjectAny(w);
            End(w);
        }
        else
        {
            w.Add("only");
            Adverbial(w, EverClause(Tense.Perfect, pronoun: 0), "ever");
            End(w);
        }
    }

    /// <summary>"no dog ate any cookies", "no kids found any shells at the beach": a negative subject licenses "any" in the object (past: an episode).</summary>
    public void NegativeSubjectAny(List<string> w)
    {
        var c = C.NewClause();
        var noun = C.PickNoun(Sem.Animate, countOnly: true);
        bool plural = C.P(0.4);
        c.Subject.Add("no");
        c.Subject.Add(noun.Form(plural));
        c.Agr = new Agr(3, plural, noun.Gender);
        c.SubjectSem = noun.Sem;
        var v = C.PickVerb(noun.Sem, Frame.Trans | Frame.Opt, extra: v => (v.Obj & Sem.Object & ~Sem.Body) != 0 && !v.Has(Frame.Loc) && !v.Has(Frame.Ditr), extraKey: "any");
        C.SetVerb(c, v, Tense.Past);
        var obj = C.PickNoun(v.Obj & Sem.Object & ~Sem.Body);
        c.Object.Add("any");
        C.NounPhrase(c.Object, obj, obj.Count ? Num.Pl : Num.Sg, Det.Bare, 0, modifiers: false);
        Composer.Declarative(w, c);
    }

    /// <summary>A clause fit for "ever": an experience (seen a whale, been to the zoo, eaten a plum).</summary>
    public Clause EverClause(Tense tense, double pronoun = 0.6)
    {
        var c = C.NewClause();
        var np = c.Agree(C.Subject(c.Subject, Sem.Animate, pronoun, 0.3));
        if (tense == Tense.Perfect && C.P(0.25))
        {
            c.Aux = Composer.Have(np.Agr);
            c.Tense = Tense.Perfect;
            c.Verb = "been";
            c.Rest.Add("to");
            C.NounPhrase(c.Rest, C.PickNoun(Sem.Place), Num.Sg, Det.The, C.P(0.2) ? 1 : 0, modifiers: false);
            return c;
        }
        var v = C.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => v.Obj != Sem.None && !v.Has(Frame.Loc) && !v.Has(Frame.Ditr), extraKey: "ever");
        C.SetVerb(c, v, tense);
        c.ObjectSem = v.Obj;
        C.NounPhrase(c.Object, C.PickNoun(v.Obj), det: C.P(0.7) ? Det.Indefinite : Det.The, maxAdjectives: C.P(0.2) ? 1 : 0, modifiers: false);
        return c;
    }

    /// <summary>A clause whose object is "any" + plural or mass noun: only said where "any" is licensed.</summary>
    public Clause AnyClause(Tense tense)
    {
        var c = C.NewClause();
        var np = c.Agree(C.Subject(c.Subject, Sem.Animate, 0.6, 0.2));
        var v = C.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: v => (v.Obj & Sem.Object & ~Sem.Body) != 0 && !v.Has(Frame.Loc), extraKey: "any");
        C.SetVerb(c, v, tense);
        var noun = C.PickNoun(v.Obj & Sem.Object & ~Sem.Body);
        c.Object.Add("any");
        C.NounPhrase(c.Object, noun, noun.Count ? Num.Pl : Num.Sg, Det.Bare, C.P(0.2) ? 1 : 0, modifiers: false);
        return c;
    }

    /// <summary>"only daddy likes olives .", "even the baby is laughing .": focus without a polarity item.</summary>
    public void Focus(List<string> w)
    {
        w.Add(C.Pick(["only", "even", "only"]));
        var c = C.NewClause();
        var np = c.Agree(C.P(0.5) ? NameNp(c.Subject) : C.NounPhrase(c.Subject, Sem.Animate, det: Det.The, modifiers: false));
        if (C.P(0.3)) C.Copula(c);
        else C.Predicate(c, C.Pick([Tense.Present, Tense.Past, Tense.Progressive, Tense.Modal, Tense.Perfect]), adjuncts: 0.15);
        Composer.Declarative(w, c);
        End(w);
    }

    /// <summary>"i have one red ball and you have two .", "the boy found two big shells and the girl found three .".</summary>
    public void Ellipsis(List<string> w)
    {
        bool have = C.P(0.5);
        var v = have ? C.Inv.Verb("have") : C.PickVerb(Sem.Person, Frame.Trans, extra: v => (v.Obj & Sem.Thing) != 0 && !v.Has(Frame.Loc), extraKey: "thing-trans2");
        var noun = C.PickNoun(v.Obj & Sem.Thing, countOnly: true);
        var adj = C.PickAdjective(noun.Sem);
        var first = EllipsisSubject(w);
        w.Add(have ? v.Present(first.Agr) : v.Past);
        var n1 = C.Pick(["one", "two", "three", "one", "two"]);
        w.Add(n1);
        if (adj is not null) w.Add(adj.Form);
        w.Add(noun.Form(n1 != "one"));
        w.Add("and");
        var second = EllipsisSubject(w);
        w.Add(have ? v.Present(second.Agr) : v.Past);
        string n2;
        do n2 = C.Pick(["two", "three", "four", "five", "one"]); while (n2 == n1);
        w.Add(n2);
        End(w);
    }

    private Np EllipsisSubject(List<string> w)
    {
        if (C.P(0.4))
        {
            var p = C.Inv.Pronoun(C.Pick(["i", "you", "we", "he", "she", "they"]));
            w.Add(p.Nom);
            return new Np(p.Agr, Sem.Person, null);
        }
        return AgentWord(w);
    }

    /// <summary>"the boy dropped the cup while holding the ball .", "what did the boy drop while holding the cup ?".</summary>
    public void Adjunct(List<string> w)
    {
        var (v1, v2, shared) = SharedObjectVerbs();
        bool question = C.P(0.4);
        if (question) w.Add("what", "did");
        var agent = AgentWord(w);
        w.Add(question ? v1.Base : v1.Past);
        if (!question) C.NounPhrase(w, C.PickNoun(v1.Obj & Sem.Thing), det: Det.The, maxAdjectives: 0, modifiers: false);
        w.Add(C.Pick(["while", "after", "before"]));
        w.Add(v2.Ing);
        C.NounPhrase(w, C.PickNoun(shared), det: C.P(0.7) ? Det.The : Det.Possessive, maxAdjectives: 0, modifiers: false);
        End(w, question ? "?" : ".");
    }

    /// <summary>"that is the biggest dog .", "the elephant is bigger than the mouse .", "you are the best !".</summary>
    public void Comparison(List<string> w)
    {
        Adjective adj;
        do adj = C.PickAdjective(Sem.Animal | Sem.Toy)!; while (adj.Superlative is null);
        var subj = new List<string>(6);
        var np = C.P(0.3) ? NameNp(subj) : C.NounPhrase(subj, Sem.Animal | Sem.Toy | Sem.Person, det: Det.The, maxAdjectives: 0, modifiers: false);
        if (C.P(0.5))
        {
            w.AddRange(subj);
            w.Add(np.Plural ? "are" : "is", adj.Comparative!, "than");
            C.NounPhrase(w, C.PickNoun(np.Sem & (Sem.Animal | Sem.Toy | Sem.Person)), det: Det.The, maxAdjectives: 0, modifiers: false);
            End(w);
        }
        else
        {
            w.Add(C.Pick(["that", "this", "it"]), "is", "the", adj.Superlative!);
            w.Add(C.PickNoun(adj.On & (Sem.Animal | Sem.Toy | Sem.Person) & ~Sem.None).Sg);
            End(w, C.P(0.3) ? "!" : ".");
        }
    }

    /// <summary>"the baby is crying because she is hungry .", "we can go outside if you eat your peas .".</summary>
    public void Because(List<string> w)
    {
        var c = C.NewClause();
        var np = c.Agree(C.P(0.5) ? AgentWord(c.Subject) : C.NounPhrase(c.Subject, Sem.Animate, det: Det.The, maxAdjectives: 0, modifiers: false));
        C.Predicate(c, C.Pick([Tense.Progressive, Tense.Past, Tense.Present]), adjuncts: 0);
        Composer.Declarative(w, c);
        string conj = C.Pick(["because", "because", "when", "if", "so"]);
        w.Add(conj);
        if (conj == "because" && C.P(0.6))
        {
            // a pronoun that agrees with the subject, then how it feels
            w.Add(PronounFor(np));
            w.Add(np.Plural ? (c.Tense == Tense.Past ? "were" : "are") : c.Tense == Tense.Past ? "was" : "is");
            w.Add(C.PickAdjective(Sem.Animate)!.Form);
        }
        else Composer.Declarative(w, Clause(C.Pick([Tense.Present, Tense.Past, Tense.Modal])));
        End(w);
    }

    /// <summary>The nominative pronoun for a third-person noun phrase.</summary>
    public string PronounFor(Np np)
    {
        if (np.Plural) return "they";
        return np.Agr.Gender switch
        {
            Gender.Masculine => "he",
            Gender.Feminine => "she",
            Gender.Neuter => "it",
            _ => (np.Sem & Sem.Person) != 0 ? C.Pick(["he", "she"]) : "it",
        };
    }
}
