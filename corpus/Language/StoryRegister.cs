// Simple narratives, one sentence per line, in the past tense: a story introduces one or two characters,
// keeps them across its sentences (the bunny … the bunny … she …), adds a new one now and then, and
// ends. Longer and more varied than child-directed speech: relative clauses, because-clauses, passives,
// reflexives and polarity items come at the written-register level.
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal sealed class StoryRegister : IRegister
{
    private sealed record Character(string[] Mention, Np Np, string Pronoun);

    private readonly Composer _c;
    private readonly Constructions _k;
    private readonly List<Character> _cast = [];
    private int _step;
    private int _length;
    private int _castBefore;

    public StoryRegister(Inventory inventory, Rng rng)
    {
        _c = new Composer(inventory, rng, level: 7);
        _k = new Constructions(_c);
    }

    public void Next(Sentence sentence)
    {
        sentence.Clear();
        var w = sentence.W;
        _castBefore = _cast.Count;
        if (_step == 0) Begin(w);
        else if (_step >= _length - 1) End(w);
        else Middle(w);
        _step++;
        if (_step >= _length) _step = 0;
    }

    public void Rejected()
    {
        // Say this step again in other words, forgetting a character it introduced.
        _step = _step == 0 ? _length - 1 : _step - 1;
        if (_step > 0) _cast.RemoveRange(_castBefore, _cast.Count - _castBefore);
    }

    private void Begin(List<string> w)
    {
        _cast.Clear();
        _length = 5 + _c.Next(9);
        double u = _c.Rng.NextDouble();
        if (u < 0.4)
        {
            // once upon a time there was a little bunny .
            if (_c.P(0.5)) w.Add("once", "upon", "a", "time");
            w.Add("there", "was");
            _cast.Add(Introduce(w));
        }
        else if (u < 0.7)
        {
            // emma had a puppy .
            var name = _c.PickName(children: true);
            w.Add(name.Word);
            _cast.Add(new Character([name.Word], new Np(new Agr(3, false, name.Gender), Sem.Person, null, name.Word), name.Gender == Gender.Feminine ? "she" : "he"));
            w.Add("had");
            _cast.Add(Introduce(w, Sem.Animal | Sem.Toy));
        }
        else
        {
            // one day a duck went to the pond .
            w.Add("one", "day");
            _cast.Add(Introduce(w));
            w.Add(_c.Pick(["went", "walked", "ran"]), "to");
            _c.NounPhrase(w, _c.PickNoun(Sem.Place), Num.Sg, Det.The, 0, modifiers: false);
        }
        w.Add(".");
    }

    /// <summary>"a little bunny": a new character, mentioned later as "the bunny" (or by pronoun).</summary>
    private Character Introduce(List<string> w, Sem sem = Sem.Animate)
    {
        var noun = _c.PickNoun(sem, countOnly: true);
        var adjective = _c.P(0.6) ? _c.PickAdjective(noun.Sem) : null;
        w.Add("a");
        if (adjective is not null) w.Add(adjective.Form);
        w.Add(noun.Sg);
        var np = new Np(new Agr(3, false, noun.Gender == Gender.None && (noun.Sem & Sem.Animate) == 0 ? Gender.Neuter : noun.Gender), noun.Sem, noun);
        string pronoun = (noun.Sem & Sem.Animate) == 0 ? "it" : noun.Gender switch
        {
            Gender.Masculine => "he",
            Gender.Feminine => "she",
            _ => _c.Pick(["he", "she"]),
        };
        if ((noun.Sem & (Sem.Animal | Sem.Toy)) != 0 && _c.P(0.3))
        {
            // a puppy named lolo: mentioned by name from now on
            var name = _c.InventedName();
            w.Add(_c.Pick(["named", "called"]), name);
            return new Character([name], np with { Agr = np.Agr with { Gender = pronoun == "he" ? Gender.Masculine : pronoun == "she" ? Gender.Feminine : Gender.Neuter } }, pronoun);
        }
        return new Character(["the", noun.Sg], np with { Agr = np.Agr with { Gender = pronoun == "he" ? Gender.Masculine : pronoun == "she" ? Gender.Feminine : Gender.Neuter } }, pronoun);
    }

    private Character Hero => _cast[0];

    private Character SomeCharacter()
    {
        var animate = _cast.Where(c => (c.Np.Sem & Sem.Animate) != 0).ToList();
        return animate.Count == 0 ? Hero : _c.Pick(animate);
    }

    /// <summary>Subject words for a character: its name or definite description, or its pronoun.</summary>
    private Np Mention(List<string> w, Character ch)
    {
        if (_c.P(0.35)) w.Add(ch.Pronoun);
        else w.AddRange(ch.Mention);
        return ch.Np;
    }

    private void Middle(List<string> w)
    {
        if (_c.P(0.25)) w.Add(_c.Pick(["then", "then", "later", "soon"]));
        double u = _c.Rng.NextDouble();
        var ch = SomeCharacter();
        if (u < 0.32)
        {
            // the bunny found a carrot under the tree .
            var c = _c.NewClause();
            var np = c.Agree(Mention(c.Subject, ch));
            _c.Predicate(c, _c.P(0.85) ? Tense.Past : Tense.PastProgressive, adjuncts: 0.35);
            Composer.Declarative(w, c);
        }
        else if (u < 0.45)
        {
            // the bunny was sad . / the bunny was not hungry .
            var c = _c.NewClause();
            var np = c.Agree(Mention(c.Subject, ch));
            _c.Copula(c, past: true);
            if (_c.P(0.15)) Composer.Negative(w, c); else Composer.Declarative(w, c);
        }
        else if (u < 0.55 && _cast.Count < 4)
        {
            // the bunny met a frog .
            Mention(w, ch);
            w.Add(_c.Pick(["met", "saw", "found", "heard"]));
            _cast.Add(Introduce(w));
            if (_c.P(0.3)) _c.PlacePhrase(w, modifiers: false);
        }
        else if (u < 0.62)
        {
            // the frog said hello . / the bunny said that she was hungry .
            Mention(w, ch);
            w.Add("said");
            if (_c.P(0.5)) w.AddRange(_c.Pick<string[]>([["hello"], ["hi"], ["thank", "you"], ["bye", "bye"], ["wow"], ["oh", "no"], ["yes"], ["no"]]));
            else
            {
                w.Add("that", ch.Pronoun, ch.Np.Plural ? "were" : "was");
                w.Add(_c.PickAdjective(Sem.Animate)!.Form);
            }
        }
        else if (u < 0.68 && _cast.Count > 1)
        {
            // the bunny and the frog played together .
            var other = _cast.First(c => c != ch);
            w.AddRange(ch.Mention);
            w.Add("and");
            w.AddRange(other.Mention);
            var c = _c.NewClause();
            c.Agr = Agr.ThirdPl;
            c.SubjectSem = ch.Np.Sem & other.Np.Sem;
            if (c.SubjectSem == Sem.None) c.SubjectSem = Sem.Animal;
            _c.Predicate(c, Tense.Past, adjuncts: 0.2);
            Composer.Declarative(w, c, withSubject: false);
            if (_c.P(0.3)) w.Add("together");
        }
        else if (u < 0.74)
        {
            // the bunny was sad because she lost her ball .
            var c = _c.NewClause();
            var np = c.Agree(Mention(c.Subject, ch));
            _c.Copula(c, past: true);
            Composer.Declarative(w, c);
            w.Add("because", ch.Pronoun);
            var why = _c.NewClause();
            why.Agr = ch.Np.Agr;
            why.SubjectSem = ch.Np.Sem;
            _c.Predicate(why, Tense.Past, adjuncts: 0);
            Composer.Declarative(w, why, withSubject: false);
        }
        else if (u < 0.79)
        {
            // the bunny washed herself in the pond .
            var c = _c.NewClause();
            var np = c.Agree(Mention(c.Subject, ch));
            var v = _c.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: Verb.IsReflexive, extraKey: "refl");
            _c.SetVerb(c, v, Tense.Past);
            c.Object.Add(_k.Reflexive(np));
            if (_c.P(0.4)) _c.PlacePhrase(c.Rest, modifiers: false);
            Composer.Declarative(w, c);
        }
        else if (u < 0.85)
        {
            // the bunny did not find any carrots . / the bunny never saw a whale .
            var c = _c.NewClause();
            var np = c.Agree(Mention(c.Subject, ch));
            var v = _c.PickVerb(np.Sem, Frame.Trans | Frame.Opt, extra: Verb.TakesAnyObject, extraKey: "any");
            _c.SetVerb(c, v, Tense.Past);
            var noun = _c.PickNoun(v.Obj & Sem.Object & ~Sem.Body);
            c.Object.Add("any");
            _c.NounPhrase(c.Object, noun, noun.Count ? Num.Pl : Num.Sg, Det.Bare, 0, modifiers: false);
            if (_c.P(0.5)) Composer.Negative(w, c); else Constructions.Adverbial(w, c, "never");
        }
        else if (u < 0.9)
        {
            w.Clear();
            _k.Passive(w, question: false);
            w.RemoveAt(w.Count - 1);
        }
        else if (u < 0.95)
        {
            // the bunny saw a bird that was singing .
            Mention(w, ch);
            w.Add(_c.Pick(["saw", "liked", "followed", "found"]));
            var np = _c.NounPhrase(w, Sem.Animate, det: Det.Indefinite, maxAdjectives: 0, modifiers: false);
            _c.RelativeClause(w, np);
        }
        else
        {
            // the bunny wanted to play .
            Mention(w, ch);
            w.Add(_c.Pick(["wanted", "liked", "needed"]), "to");
            var c = _c.NewClause();
            c.Agr = ch.Np.Agr;
            c.SubjectSem = ch.Np.Sem;
            var v = _c.PickVerb(ch.Np.Sem, Frame.Intr | Frame.Motion | Frame.Opt | Frame.Trans, allowStative: false);
            _c.SetVerb(c, v, Tense.Modal);
            _c.Complements(c, v, 0.5);
            w.Add(v.Base);
            w.AddRange(c.Object);
            w.AddRange(c.Rest);
        }
        w.Add(".");
    }

    private void End(List<string> w)
    {
        double u = _c.Rng.NextDouble();
        if (u < 0.3) w.Add("the", "end");
        else if (u < 0.6)
        {
            w.Add(_cast.Count > 1 ? "they" : Hero.Pronoun, _cast.Count > 1 ? "were" : "was", "very");
            w.Add(_c.Pick(["happy", "happy", "tired", "sleepy", "proud"]));
        }
        else
        {
            w.Add("then");
            Mention(w, Hero);
            w.Add("went", _c.Pick(["home", "to"]));
            if (w[^1] == "to") w.Add("bed");
        }
        w.Add(".");
    }
}
