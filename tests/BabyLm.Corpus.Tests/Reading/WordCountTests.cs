// Word counts must equal `wc -w` on the same bytes (and Python's len(line.split()), the BabyLM rule).
using System.Diagnostics;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Tests.Reading;

public class WordCountTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("where is the ball ?", 5)]
    [InlineData("  two\tspaces\n", 2)]
    [InlineData("no\u00A0break", 2)]                // NBSP is whitespace for Python's str.split
    [InlineData("em\u2003space\u3000ideo", 3)]     // EM SPACE, IDEOGRAPHIC SPACE
    [InlineData("zero\u200Bwidth", 1)]             // ZERO WIDTH SPACE is not whitespace
    [InlineData("sep\u001Cfile", 2)]               // FILE SEPARATOR is whitespace for Python
    [InlineData("café naïve 🐶", 3)]
    public void Count_MatchesHandCountedPythonSplit(string text, int expected)
    {
        Assert.Equal(expected, Words.Count(System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, Words.Count(text));
        Assert.Equal(expected, Words.Split(text).Count);
    }

    [Fact]
    public void Count_MatchesPythonSplit_OnUnicodeWhitespace()
    {
        // Python is the BabyLM rule's own definition: ask it directly.
        var text = "a\u00A0b\u2002c\u2028d\u0085e\u001Ff\u200Bg h\u3000i";
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import sys; print(len(sys.stdin.read().split()))"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(text);
        p.StandardInput.Close();
        int python = int.Parse(p.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        p.WaitForExit();
        Assert.Equal(python, Words.Count(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CorpusStats_WordsEqualWcW_OnBothLayouts(bool layout2023)
    {
        using var dir = new TempDir();
        string train = layout2023 ? "babylm_10M" : "train_10M";
        string dev = layout2023 ? "babylm_dev" : "dev";
        var files = new[]
        {
            dir.Write($"{train}/childes.train", FixtureText.Lines(3000, 1)),
            dir.Write($"{train}/simple_wiki.train", FixtureText.Lines(2000, 2)),
            dir.Write($"{dev}/childes.dev", FixtureText.Lines(500, 3)),
        };
        var stats = CorpusStatsBuilder.Compute(CorpusLayout.Open(dir.Path), CleaningProfile.None);
        var sources = stats.Splits.SelectMany(s => s.Sources).ToList();
        Assert.Equal(3, sources.Count);
        foreach (var file in files)
        {
            var s = sources.Single(x => x.File == file);
            Assert.Equal(WcWords(file), s.Words);
            Assert.Equal(File.ReadAllLines(file).Count(l => l.Trim().Length > 0), s.Lines);
        }
        Assert.Equal(WcWords(files[0]) + WcWords(files[1]), stats.TrainWords);
        Assert.Equal("strict-small", stats.Track);
    }

    [Fact]
    public void CorpusStats_CleanedWordsEqualWcW_OnTheCleanedBytes()
    {
        using var dir = new TempDir();
        var raw = "= = = childes/Brown/Adam = = =\n*MOT:\twhere is the ball [= points] ?\n*CHI:\tball .\n\n*MOT:\tyes [laughs] the ball !\n";
        dir.Write("train_10M/childes.train", raw);
        var stats = CorpusStatsBuilder.Compute(CorpusLayout.Open(dir.Path), CleaningProfile.Childes);
        var cleaned = dir.Write("cleaned.txt", "where is the ball ?\nball .\nyes the ball !\n");
        Assert.Equal(WcWords(cleaned), stats.TrainWords);
        Assert.Equal(3, stats.Splits[0].Lines);
    }

    /// <summary>`wc -w` in the C locale: ASCII whitespace separates words.</summary>
    internal static long WcWords(string path)
    {
        var psi = new ProcessStartInfo("wc", ["-w", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(output.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
