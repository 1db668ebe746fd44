// Two speakers taking turns, one turn per line: questions and their answers ("do you like apples ?" /
// "yes i do ."), news and reactions ("i found a shell ." / "wow ."), suggestions ("let's go to the park ."
// / "okay ."). Mostly first and second person, present tense, with the questions' auxiliary echoed.
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal sealed class DialogueRegister : IRegister
{
    private static readonly string[][] s_reactions =
    [
        ["me", "too", "."], ["really", "?"], ["wow", "."], ["that", "is", "nice", "."], ["oh", "no", "!"], ["okay", "."],
        ["yay", "!"], ["i", "like", "it", "too", "."], ["that", "is", "silly", "."], ["oh", "."], ["good", "job", "!"],
    ];

    private readonly Composer _c;
    private readonly Constructions _k;
    private readonly List<string> _pending = new(16);
    private bool _hasPending;
    private bool _answering;

    public DialogueRegister(Inventory inventory, Rng rng)
    {
        _c = new Composer(inventory, rng, level: 6);
        _k = new Constructions(_c);
    }

    public void Next(Sentence sentence)
    {
        sentence.Clear();
        var w = sentence.W;
        _answering = _hasPending;
        if (_hasPending)
        {
            w.AddRange(_pending);
            _hasPending = false;
            return;
        }
        double u = _c.Rng.NextDouble();
        if (u < 0.35) YesNoExchange(w);
        else if (u < 0.55) WhExchange(w);
        else if (u < 0.75) NewsExchange(w);
        else if (u < 0.85) Suggestion(w);
        else if (u < 0.9)
        {
            // my puppy is called lolo . / what a nice name !
            w.Add(_c.Pick(["my", "our"]));
            w.Add(_c.PickNoun(Sem.Animal | Sem.Toy, countOnly: true).Sg, "is", "called", _c.InventedName(), ".");
            Pend(_c.Pick<string[]>([["what", "a", "nice", "name", "!"], ["that", "is", "a", "funny", "name", "."], ["hi", "!"]]));
        }
        else
        {
            // anything a caregiver might say, answered with a reaction
            _k.Statement(w);
            Pend(_c.Pick(s_reactions));
        }
    }

    /// <summary>A rejected answer becomes "okay ." (too short to be reserved); a rejected opener loses its answer.</summary>
    public void Rejected()
    {
        if (_answering) Pend(["okay", "."]);
        else _hasPending = false;
    }

    private void Pend(IEnumerable<string> answer)
    {
        _pending.Clear();
        _pending.AddRange(answer);
        _hasPending = true;
    }

    /// <summary>"can you swim ?" / "yes i can ." — the answer echoes the question's auxiliary.</summary>
    private void YesNoExchange(List<string> w)
    {
        if (_c.P(0.15))
        {
            // have you ever seen a whale ? / no i have not .
            var ever = _k.EverClause(Tense.Perfect);
            Composer.Inverted(w, ever, between: "ever");
            w.Add("?");
            bool yes = _c.P(0.5);
            if (ever.Agr.Person == 2) Pend(yes ? ["yes", "i", "have", "."] : ["no", "i", "have", "not", "."]);
            else Pend([yes ? "yes" : "no", "."]);
            return;
        }
        var c = _c.NewClause();
        c.Subject.Add("you");
        c.Agr = _c.Inv.Pronoun("you").Agr;
        c.SubjectSem = Sem.Person;
        if (_c.P(0.25)) _c.Copula(c);
        else _c.Predicate(c, _c.Pick([Tense.Present, Tense.Past, Tense.Modal, Tense.Progressive]));
        Composer.Inverted(w, c);
        w.Add("?");
        string aux = c.Aux ?? c.DoForm!;
        string echo = aux switch { "are" => "am", "were" => "was", "does" => "do", var a => a };
        bool y = _c.P(0.6);
        if (_c.P(0.2)) Pend([y ? "yes" : "no", "."]);
        else if (y) Pend(["yes", "i", echo, "."]);
        else Pend(["no", "i", echo, "not", "."]);
    }

    /// <summary>"what are you doing ?" / "i am reading a book ."</summary>
    private void WhExchange(List<string> w)
    {
        var tense = _c.Pick([Tense.Progressive, Tense.Past, Tense.GoingTo]);
        w.Add("what", tense switch { Tense.Past => "did", _ => "are" }, "you");
        w.Add(tense switch { Tense.Progressive => "doing", Tense.GoingTo => "going", _ => "do" });
        if (tense == Tense.GoingTo) w.Add("to", "do");
        w.Add("?");
        var answer = new List<string>(12);
        var c = _c.NewClause();
        c.Subject.Add("i");
        c.Agr = _c.Inv.Pronoun("i").Agr;
        c.SubjectSem = Sem.Person;
        _c.Predicate(c, tense, frames: Frame.Trans | Frame.Opt | Frame.Motion | Frame.Intr);
        Composer.Declarative(answer, c);
        answer.Add(".");
        Pend(answer);
    }

    /// <summary>"i found a shell today ." / "wow ."</summary>
    private void NewsExchange(List<string> w)
    {
        var c = _c.NewClause();
        var np = c.Agree(_c.Subject(c.Subject, Sem.Person, pronoun: 0.8, name: 0.2));
        _c.Predicate(c, _c.Pick([Tense.Past, Tense.Past, Tense.Perfect, Tense.GoingTo, Tense.Progressive]));
        Composer.Declarative(w, c);
        w.Add(_c.P(0.2) ? "!" : ".");
        Pend(_c.Pick(s_reactions));
    }

    /// <summary>"let's go to the park ." / "okay ." or "not now ."</summary>
    private void Suggestion(List<string> w)
    {
        w.Add(_c.P(0.6) ? "let's" : "can");
        bool question = w[^1] == "can";
        if (question) w.Add("we");
        var c = _c.NewClause();
        c.Agr = _c.Inv.Pronoun("we").Agr;
        c.SubjectSem = Sem.Person;
        var v = _c.PickVerb(Sem.Person, Frame.Motion | Frame.Trans | Frame.Opt, allowStative: false);
        _c.SetVerb(c, v, Tense.Modal);
        _c.Complements(c, v, 0.8);
        w.Add(v.Base);
        w.AddRange(c.Object);
        w.AddRange(c.Rest);
        w.Add(question ? "?" : ".");
        Pend(_c.Pick<string[]>([["okay", "."], ["not", "now", "."], ["yes", "let's", "."], ["maybe", "later", "."], ["yay", "!"]]));
    }
}
