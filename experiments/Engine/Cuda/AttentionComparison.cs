namespace BabyLm.Engine.Cuda;

/// <summary>Relative L2 errors of the GPU's tensors against the CPU kernel's, and whether it stayed inside its views.</summary>
public sealed record AttentionComparison(double Out, double Lse, double Dq, double Dk, double Dv, bool OutsideViewsIntact)
{
    public double Max => Math.Max(Math.Max(Math.Max(Out, Lse), Math.Max(Dq, Dk)), Dv);

    /// <summary>Within <see cref="CudaAttentionCheck.Tolerance"/> and nothing written outside the views.</summary>
    public bool Passed => Max <= CudaAttentionCheck.Tolerance && OutsideViewsIntact;

    public override string ToString() =>
        $"relL2 out {Out:0.0e+00} lse {Lse:0.0e+00} dq {Dq:0.0e+00} dk {Dk:0.0e+00} dv {Dv:0.0e+00}{(OutsideViewsIntact ? "" : ", WROTE OUTSIDE ITS VIEWS")}";
}
