// Every kind of plot: valid XML, renders to PNG with rsvg-convert (librsvg2-bin: installed by
// .ci/setup.sh), has labelled axes and a legend; one golden file pins the structure of a line chart
// (elements, classes, texts: not coordinates), so layout tweaks do not churn it but a lost legend,
// tick or series does. BABYLM_UPDATE_GOLDEN=1 rewrites the golden file after a reviewed change.
using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using BabyLm.Analysis.Plots;

namespace BabyLm.Analysis.Tests;

public sealed class PlotRenderTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Names() => new(PlotSamples.All().Select(p => p.Name));

    private static string SvgOf(string name) => PlotSamples.All().Single(p => p.Name == name).Svg;

    [Theory]
    [MemberData(nameof(Names))]
    public void Plot_IsValidXml_WithLabelledAxesAndALegend(string name)
    {
        var doc = XDocument.Parse(SvgOf(name));
        PlotChecks.AssertLabelledAxesAndLegend(doc);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Plot_RendersToPng(string name)
    {
        using var dir = new TempDir();
        var svg = Path.Combine(dir.Path, name + ".svg");
        File.WriteAllText(svg, SvgOf(name));
        var png = PlotChecks.RenderPng(svg);
        var (w, h) = PlotChecks.PngSize(png);
        Assert.True(w > 300 && h > 150, $"{name}: rendered {w}×{h}");
    }

    [Fact]
    public void LineChart_Structure_MatchesGolden()
    {
        var outline = PlotChecks.Outline(XDocument.Parse(PlotSamples.Curves().ToSvg()));
        var golden = Path.Combine(TestPaths.Data, "analysis", "line-chart.structure.txt");
        if (Environment.GetEnvironmentVariable("BABYLM_UPDATE_GOLDEN") == "1") File.WriteAllText(golden, outline);
        Assert.True(File.Exists(golden), $"golden file {golden} is missing; run with BABYLM_UPDATE_GOLDEN=1 once and review it");
        Assert.Equal(File.ReadAllText(golden), outline);
    }

    [Fact]
    public void LineChart_UsesLogScale_ForWordsSpanningDecades_AndPlacesEveryPoint()
    {
        var chart = PlotSamples.Curves();
        Assert.True(chart.UsesLogX());
        var doc = XDocument.Parse(chart.ToSvg());
        Assert.Contains(doc.Descendants(Ns + "text"), t => t.Value == "Words seen (log scale)");
        Assert.Equal(["100k", "1M", "10M"], doc.Descendants(Ns + "g").Where(g => Class(g) == "axis x").Descendants(Ns + "text")
            .Where(t => Class(t) == "tick-label").Select(t => t.Value));
        Assert.Equal(15, doc.Descendants(Ns + "path").Count(p => Class(p) == "marker"));
        Assert.Equal(3, doc.Descendants(Ns + "path").Count(p => Class(p) == "band"));
        Assert.False((chart with { Series = [new LineSeries("a", [0, 100, 200], [1, 2, 3])] }).UsesLogX());
    }

    [Fact]
    public void Plots_AreDeterministic() => Assert.Equal(PlotSamples.Curves().ToSvg(), PlotSamples.Curves().ToSvg());

    [Theory]
    [InlineData(0.0, 1.0, "0.0|0.2|0.4|0.6|0.8|1.0")]
    [InlineData(48.3, 73.9, "40|50|60|70|80")]
    [InlineData(-2.9, 3.6, "−4|−2|0|2|4")]
    [InlineData(3.21, 3.32, "3.20|3.25|3.30|3.35")]
    [InlineData(51.2, 52.0, "51.2|51.4|51.6|51.8|52.0")]
    public void Axis_NiceTicks(double lo, double hi, string expected)
        => Assert.Equal(expected, string.Join("|", Axis.Linear(lo, hi).Labels));

    [Fact]
    public void Axis_LogTicks_AndSiLabels()
    {
        Assert.Equal("100k|1M|10M", string.Join("|", Axis.Logarithmic(1.2e5, 9e6, Axis.Si).Labels));
        Assert.Equal(16, Axis.Logarithmic(1.2e5, 9e6, Axis.Si).MinorTicks.Count);
        Assert.Equal("1k|2k|5k|10k", string.Join("|", Axis.Logarithmic(1000, 1e4, Axis.Si).Labels));
        Assert.Equal("1.5M", Axis.Si(1.5e6));
        Assert.Equal("250k", Axis.Si(2.5e5));
        Assert.Equal("2B", Axis.Si(2e9));
    }

    [Fact]
    public void Palette_IsOkabeIto_AndViridisEndsMatch()
    {
        Assert.Equal("#0072B2", Palette.Colour(0));
        Assert.Equal("#440154", Palette.Viridis(0));
        Assert.Equal("#fde725", Palette.Viridis(1));
        Assert.Equal("#ffffff", Palette.TextOn(Palette.ViridisRgb(0)));
        Assert.Equal("#000000", Palette.TextOn(Palette.ViridisRgb(1)));
    }

    private static string? Class(XElement e) => (string?)e.Attribute("class");
}

/// <summary>Checks shared by the plot tests and the report tests.</summary>
public static class PlotChecks
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static void AssertLabelledAxesAndLegend(XDocument doc)
    {
        Assert.Equal(Ns + "svg", doc.Root!.Name);
        var texts = doc.Descendants(Ns + "text").ToList();
        Assert.Contains(texts, t => Has(t, "x-label") && t.Value.Trim().Length > 0);
        Assert.Contains(texts, t => (Has(t, "y-label") || Has(t, "legend-label")) && t.Value.Trim().Length > 0);
        var legend = doc.Descendants(Ns + "g").FirstOrDefault(g => Has(g, "legend"));
        Assert.NotNull(legend);
        Assert.Contains(legend!.Descendants(Ns + "text"), t => t.Value.Trim().Length > 0);
        Assert.Contains(doc.Descendants(Ns + "text"), t => Has(t, "tick-label"));
        Assert.False(string.IsNullOrWhiteSpace(doc.Root.Element(Ns + "title")?.Value));
    }

    private static bool Has(XElement e, string cls) => ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls);

    /// <summary>Renders an SVG with rsvg-convert; returns the PNG's bytes.</summary>
    public static byte[] RenderPng(string svgPath)
    {
        var png = Path.ChangeExtension(svgPath, ".png");
        ProcessStartInfo psi;
        try
        {
            psi = new ProcessStartInfo("rsvg-convert", ["--format=png", "--output", png, svgPath]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            // Exit status only: fontconfig may warn on stderr about its cache in a bare CI container.
            Assert.True(p.ExitCode == 0, $"rsvg-convert failed on {svgPath}: {err}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("rsvg-convert is not installed: `apt-get install librsvg2-bin` (make test does it as root via .ci/setup.sh)");
        }
        return File.ReadAllBytes(png);
    }

    /// <summary>Width and height from a PNG's IHDR chunk (after checking the signature).</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        static int Be(byte[] b, int o) => b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3];
        return (Be(png, 16), Be(png, 20));
    }

    /// <summary>The element tree with classes and texts, without coordinates: the structure of a plot.</summary>
    public static string Outline(XDocument doc)
    {
        var sb = new StringBuilder();
        void Walk(XElement e, int depth)
        {
            sb.Append(' ', 2 * depth).Append(e.Name.LocalName);
            foreach (var a in new[] { "class", "data-label", "id", "text-anchor", "stroke-dasharray" })
                if (e.Attribute(a) is { } attr) sb.Append($" {a}=\"{attr.Value}\"");
            if (!e.HasElements && e.Value.Trim().Length > 0) sb.Append($" \"{e.Value.Trim()}\"");
            sb.Append('\n');
            foreach (var c in e.Elements()) Walk(c, depth + 1);
        }
        Walk(doc.Root!, 0);
        return sb.ToString();
    }
}

public static class TestPaths
{
    /// <summary>The repository this test assembly was built from (an assembly attribute set by the .csproj).</summary>
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    public static string Data => Path.Combine(RepoRoot, "tests", "Data");
}
