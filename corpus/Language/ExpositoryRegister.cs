// Simple expository text, like a first encyclopedia: a topic (an animal, a food, a vehicle, a part of
// nature) and a few generic sentences about it in the present tense — what it is, what it can do, what
// it eats, where it lives, what it has, how many of them are what colour, how it compares with another.
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal sealed class ExpositoryRegister : IRegister
{
    private readonly Composer _c;
    private Noun? _topic;
    private int _left;

    public ExpositoryRegister(Inventory inventory, Rng rng)
    {
        _c = new Composer(inventory, rng, level: 7);
    }

    public void Next(Sentence sentence)
    {
        sentence.Clear();
        if (_topic is null || _left <= 0)
        {
            _topic = _c.PickNoun(_c.P(0.6) ? Sem.Animal : Sem.Food | Sem.Vehicle | Sem.Nature | Sem.Toy, countOnly: true);
            _left = 3 + _c.Next(5);
        }
        _left--;
        var w = sentence.W;
        if ((_topic.Sem & Sem.Animal) != 0) AboutAnimal(w, _topic);
        else AboutThing(w, _topic);
        w.Add(".");
    }

    public void Rejected() => _left++;

    private void Topic(List<string> w, Noun topic, bool plural = true)
    {
        if (plural) w.Add(topic.Pl!);
        else w.Add("a", topic.Sg);
    }

    private void AboutAnimal(List<string> w, Noun topic)
    {
        double u = _c.Rng.NextDouble();
        if (u < 0.15)
        {
            // a duck is an animal that can swim
            Topic(w, topic, plural: false);
            w.Add("is", "an", "animal");
            if (_c.P(0.6))
            {
                w.Add("that", "can", AnimalAbility());
            }
        }
        else if (u < 0.3)
        {
            // ducks can swim / ducks can not talk
            Topic(w, topic);
            w.Add("can");
            if (_c.P(0.2)) w.Add("not");
            var v = AnimalAbility();
            w.Add(v);
            if (v is not ("sleep" or "hide" or "dig") && _c.P(0.3))
            {
                if (_c.P(0.3)) w.Add("very");
                w.Add(_c.Pick(["fast", "far", "slowly", "well"]));
            }
        }
        else if (u < 0.45)
        {
            // ducks eat bread
            Topic(w, topic);
            var v = _c.PickVerb(Sem.Animal, Frame.Trans | Frame.Opt, allowStative: true, extra: v => (v.Obj & (Sem.Food | Sem.Drink | Sem.Nature | Sem.Animal)) != 0, extraKey: "generic-animal");
            w.Add(v.Base);
            var noun = _c.PickNoun(v.Obj & (Sem.Food | Sem.Drink | Sem.Nature | Sem.Animal));
            if (_c.P(0.3)) w.AddRange(_c.Pick(["some", "many", "lots of"]).Split(' '));
            w.Add(noun.Form(noun.Count));
        }
        else if (u < 0.57)
        {
            // ducks live in ponds
            Topic(w, topic);
            w.Add("live", _c.Pick(["in", "near", "on"]));
            var place = _c.PickNoun(Sem.Place | Sem.Nature);
            if (place.Unique) w.Add("the");
            w.Add(place.Count ? place.Pl! : place.Sg);
        }
        else if (u < 0.69)
        {
            // ducks have feathers
            Topic(w, topic);
            w.Add("have");
            if (_c.P(0.3)) w.Add(_c.PickAdjective(Sem.Animal)!.Form);
            var part = _c.PickNoun(Sem.Body);
            w.Add(part.Form(part.Count));
        }
        else if (u < 0.81)
        {
            // most ducks are brown
            w.Add(_c.Pick(["most", "some", "many", "all", "baby"]));
            w.Add(topic.Pl!);
            w.Add("are");
            if (_c.P(0.3)) w.Add("very");
            w.Add(_c.PickAdjective(Sem.Animal)!.Form);
        }
        else if (u < 0.9)
        {
            Compare(w, topic, Sem.Animal);
        }
        else
        {
            // no duck can talk / a duck does not have teeth
            w.Add("no", topic.Sg, "can");
            w.Add(_c.Pick(["talk", "read", "write", "drive", "fly", "swim", "climb"]));
        }
    }

    private string AnimalAbility() => _c.Pick(["swim", "fly", "run", "jump", "climb", "hop", "crawl", "walk", "sleep", "hide", "dig"]);

    private void AboutThing(List<string> w, Noun topic)
    {
        double u = _c.Rng.NextDouble();
        if (u < 0.25)
        {
            // apples are red / most apples are sweet
            if (_c.P(0.4)) w.Add(_c.Pick(["most", "some", "many", "all"]));
            w.Add(topic.Pl!, "are");
            if (_c.P(0.3)) w.Add("very");
            w.Add(_c.PickAdjective(topic.Sem)!.Form);
        }
        else if (u < 0.5)
        {
            // people eat apples / children like to ride bikes
            var v = _c.PickVerb(Sem.Person, Frame.Trans | Frame.Opt, extra: v => v.Obj != Sem.None, extraKey: "generic-obj-" + (int)topic.Sem);
            if ((v.Obj & topic.Sem) == 0) v = _c.Inv.Verb(_c.Pick(["like", "see", "love", "want", "need", "find"]));
            w.Add(_c.Pick(["people", "children", "kids", "we", "you"]));
            w.Add(v.Base);
            w.Add(topic.Pl!);
            if (_c.P(0.3)) _c.Adjunct(w, Sem.Person, Tense.Present);
        }
        else if (u < 0.7)
        {
            // a bus is very big / an apple is good for you
            Topic(w, topic, plural: false);
            w.Add("is");
            if (_c.P(0.3)) w.Add("good", "for", "you");
            else
            {
                if (_c.P(0.5)) w.Add("very");
                w.Add(_c.PickAdjective(topic.Sem)!.Form);
            }
        }
        else if (u < 0.85)
        {
            Compare(w, topic, topic.Sem & (Sem.Food | Sem.Vehicle | Sem.Nature | Sem.Toy));
        }
        else
        {
            // you can find shells on the beach
            w.Add("you", "can", _c.Pick(["find", "see", "get", "buy"]), topic.Pl!);
            _c.PlacePhrase(w, modifiers: false);
        }
    }

    /// <summary>"a duck is bigger than a mouse" / "ducks are smaller than horses".</summary>
    private void Compare(List<string> w, Noun topic, Sem sem)
    {
        Adjective adj;
        do adj = _c.PickAdjective(sem)!; while (adj.Comparative is null);
        Noun other;
        do other = _c.PickNoun(sem == Sem.None ? Sem.Animal : sem, countOnly: true); while (other == topic);
        bool plural = _c.P(0.5);
        if (plural) w.Add(topic.Pl!, "are", adj.Comparative, "than", other.Pl!);
        else w.Add("a", topic.Sg, "is", adj.Comparative, "than", "a", other.Sg);
    }
}
