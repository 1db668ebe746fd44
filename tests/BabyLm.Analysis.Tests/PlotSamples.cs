// Small fixed charts of every kind, for the rendering, structure and golden tests.
using BabyLm.Analysis.Plots;

namespace BabyLm.Analysis.Tests;

public static class PlotSamples
{
    public static LineChart Curves() => new()
    {
        Title = "Built-in suite accuracy during training",
        XLabel = "Words seen",
        YLabel = "Accuracy (%)",
        SiX = true,
        BandLabel = "range over 3 seeds",
        LegendTitle = "curriculum.order",
        Series =
        [
            new LineSeries("random", [1e5, 3e5, 1e6, 3e6, 1e7], [52, 58, 64.5, 69, 71.2]) { Low = [51, 56.5, 63, 68, 70.1], High = [53.2, 59, 66, 70.5, 72.4] },
            new LineSeries("corpus", [1e5, 3e5, 1e6, 3e6, 1e7], [53, 60, 66.1, 70.2, 72.8]) { Low = [52, 58.2, 65, 69.3, 71.5], High = [54, 61.1, 67.3, 71, 73.9] },
            new LineSeries("source", [1e5, 3e5, 1e6, 3e6, 1e7], [51, 55, 61.2, 67.5, 70.1]) { Low = [50.2, 54, 60.1, 66.2, 69.4], High = [52.1, 56.3, 62.2, 68.8, 71] },
        ],
        References = [new ReferenceLine("chance", 50), new ReferenceLine("unigram baseline", 55.3), new ReferenceLine("bigram baseline", 60.1)],
    };

    public static BarChart Bars() => new()
    {
        Title = "Accuracy by phenomenon",
        XLabel = "Phenomenon",
        YLabel = "Accuracy (%)",
        Categories = ["anaphor_agreement", "binding", "filler_gap_dependency", "npi_licensing"],
        Origin = 50,
        OriginLabel = "chance",
        ErrorLabel = "95% CI over seeds",
        Series =
        [
            new BarSeries("random", [71, 64, 58, 55]) { Low = [68, 61, 55, 51], High = [74, 67, 61, 59] },
            new BarSeries("corpus", [73, 63, 60, 49]) { Low = [70, 60, 57, 46], High = [76, 66, 63, 52] },
        ],
    };

    public static Heatmap Heat() => new()
    {
        Title = "Accuracy by paradigm",
        RowLabels = ["anaphor_gender_agreement", "animate_subject_passive", "wh_questions_object_gap"],
        ColumnLabels = ["random", "corpus", "source"],
        Values = [[71.2, 73.5, 69.8], [58.1, double.NaN, 60.2], [81.9, 84.4, 79.5]],
        XLabel = "curriculum.order",
        ValueLabel = "Accuracy (%)",
    };

    public static IntervalChart Forest() => new()
    {
        Title = "Difference from random, paired by seed",
        XLabel = "Accuracy difference (percentage points)",
        Rows =
        [
            new IntervalRow("corpus − random", 1.6, -0.4, 3.6) { Note = "p = 0.081, Holm 0.16" },
            new IntervalRow("source − random", -1.1, -2.9, 0.7) { Note = "p = 0.12, Holm 0.16" },
        ],
    };

    public static IEnumerable<(string Name, string Svg)> All()
    {
        yield return ("line", Curves().ToSvg());
        yield return ("bars", Bars().ToSvg());
        yield return ("heatmap", Heat().ToSvg());
        yield return ("forest", Forest().ToSvg());
    }
}
