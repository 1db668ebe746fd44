// Child-directed speech in the style of AO-CHILDES: short utterances, routines, naming, questions and
// imperatives for the youngest; statements, negation, relative clauses, passives, quantifiers,
// embedded clauses and polarity items as the age stage grows. The table below is the grammar's weighting
// of constructions by stage — the one place to read what the corpus says at each age.
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal sealed class ChildesRegister : IRegister
{
    /// <summary>Age stages, youngest first (roughly half-year bins from 1;0 to 4;0 and older).</summary>
    public const int Stages = 6;

    private readonly Composer _c;
    private readonly (Action<List<string>> Build, double[] Weights)[] _table;

    public ChildesRegister(Inventory inventory, Rng rng)
    {
        _c = new Composer(inventory, rng, level: 1);
        var k = new Constructions(_c);
        _table =
        [
            //                               stage: 1   2   3   4   5   6
            (k.Routine,                          [30, 22, 14, 9, 7, 6]),
            (k.Naming,                           [18, 14, 10, 7, 5, 4]),
            (k.LookAt,                           [10, 8, 6, 4, 3, 2]),
            (k.Fragment,                         [12, 8, 5, 3, 2, 1]),
            (k.Where,                            [8, 8, 6, 5, 4, 3]),
            (k.AnimalSound,                      [6, 5, 3, 2, 1, 1]),
            (k.PetName,                          [2, 2, 2, 2, 2, 2]),
            (k.Want,                             [7, 7, 5, 4, 3, 3]),
            (k.Imperative,                       [8, 11, 11, 10, 9, 8]),
            (k.Statement,                        [3, 9, 14, 16, 16, 16]),
            (k.Ergative,                         [1, 2, 3, 3, 3, 3]),
            (w => k.Copula(w),                   [4, 7, 8, 8, 7, 7]),
            (k.YesNo,                            [3, 7, 9, 10, 10, 10]),
            (k.WhQuestion,                       [2, 6, 8, 9, 10, 10]),
            (k.Negation,                         [1, 4, 6, 6, 6, 6]),
            (k.Locative,                         [2, 4, 5, 5, 4, 4]),
            (k.Existential,                      [0, 2, 3, 4, 4, 4]),
            (k.Coordination,                     [0, 1, 2, 4, 5, 6]),
            (k.Relative,                         [0, 0, 1, 3, 4, 5]),
            (k.Passive,                          [0, 0, 1, 2, 3, 4]),
            (k.ReflexiveSentence,                [0, 1, 2, 3, 3, 3]),
            (k.Quantified,                       [0, 1, 2, 3, 4, 4]),
            (k.Clausal,                          [0, 0, 1, 3, 4, 5]),
            (k.Npi,                              [0, 0, 1, 2, 3, 4]),
            (k.Focus,                            [0, 0, 1, 1, 2, 2]),
            (k.Ellipsis,                         [0, 0, 0, 1, 2, 2]),
            (k.Adjunct,                          [0, 0, 0, 1, 2, 2]),
            (k.Comparison,                       [0, 0, 1, 2, 2, 2]),
            (k.Because,                          [0, 0, 0, 1, 2, 3]),
        ];
    }

    /// <summary>The age stage (1..<see cref="Stages"/>) of the utterances made next.</summary>
    public int Stage
    {
        get => _c.Level;
        set => _c.Level = Math.Clamp(value, 1, Stages);
    }

    public void Next(Sentence sentence)
    {
        sentence.Clear();
        int s = Stage - 1;
        double total = 0;
        foreach (var row in _table) total += row.Weights[s];
        double u = _c.Rng.NextDouble() * total;
        foreach (var (build, weights) in _table)
        {
            u -= weights[s];
            if (u < 0) { build(sentence.W); return; }
        }
        _table[0].Build(sentence.W);
    }

    public void Rejected() { }
}
