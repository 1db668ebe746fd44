namespace BabyLm.Experiments.Bench;

/// <summary>A suite with a GPU variant: `babylm bench NAME --device cuda` runs <see cref="OnCuda"/> instead.</summary>
public interface ICudaBenchSuite : IBenchSuite
{
    IBenchSuite OnCuda();
}
