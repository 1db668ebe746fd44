// The pacing functions of CLIMB (after "understanding curricula"), exactly as published (see
// ../shared/notes/babylm-facts.md): g(step) → difficulty fraction d. With N total steps, s0 = s·N,
// s1 = e·N, L = s1 − s0 and u = step − s0; before s0, d = d0; after it, clipped to ≤ dmax:
//   linear d0 + (dmax−d0)·u/L          quad d0 + (dmax−d0)·(u/L)²        root d0 + (dmax−d0)·√(u/L)
//   step   d0 until s1, then dmax      exp  d0 + (dmax−d0)·(e^{c·u/L} − 1)/(e^c − 1)
//   log    d0 + (dmax−d0)·(1 + ln(u/L + e^{−c})/c)                      none 1
// Every function reaches (or passes) dmax at u = L, so from s1 on the clipped value is dmax; returning
// it directly there keeps exp from overflowing to ∞·0 when d0 = dmax. The published formulas divide by
// L; when s = e (L = 0) every function becomes a step at s1. Nothing here is random or stateful.
using BabyLm.Core;

namespace BabyLm.Corpus.Curricula;

/// <summary>Parameters of a pacing function: start fraction s, end fraction e, starting difficulty d0,
/// maximum difficulty dmax, and the growth constant c of exp and log.</summary>
public readonly record struct PacingParams(double Start, double End, double D0, double Dmax, double C = 10.0)
{
    public static PacingParams From(CurriculumConfig c) => new(c.Start, c.End, c.D0, c.Dmax, c.C);
}

public static class Pacing
{
    public static IReadOnlyList<string> Names => CurriculumConfig.PacingFunctions;

    /// <summary>g(step) for a run of <paramref name="totalSteps"/> steps (steps may be fractional).</summary>
    public static double Difficulty(string name, double step, double totalSteps, in PacingParams p)
    {
        if (name == "none") return 1.0;
        if (!Names.Contains(name)) throw new BabyLmException(Suggest.Unknown("pacing function", name, Names));
        double s0 = p.Start * totalSteps, s1 = p.End * totalSteps, length = s1 - s0, u = step - s0;
        if (name == "step" || !(length > 0)) return step < s1 ? p.D0 : p.Dmax;
        if (step < s0) return p.D0;
        if (step >= s1) return p.Dmax;
        double x = u / length, span = p.Dmax - p.D0;
        double d = name switch
        {
            "linear" => p.D0 + span * x,
            "quad" => p.D0 + span * (x * x),
            "root" => p.D0 + span * Math.Sqrt(x),
            "exp" => p.D0 + span * (Math.Exp(p.C * x) - 1) / (Math.Exp(p.C) - 1),
            _ /* log */ => p.D0 + span * (1 + Math.Log(x + Math.Exp(-p.C)) / p.C),
        };
        return Math.Min(d, p.Dmax);
    }

    /// <summary>g at training progress ∈ [0, 1] (= step / N): the same formulas with N = 1.</summary>
    public static double Difficulty(string name, double progress, in PacingParams p) => Difficulty(name, progress, 1.0, p);
}
