// `babylm corpus stats`: per split and source, lines, words (the BabyLM rule), word types, mean words per
// line, and which track's word budget the train split fits.
using System.Text;
using System.Text.Json.Serialization;
using BabyLm.Core;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Reading;

/// <summary>BabyLM tracks by training-word budget.</summary>
public static class Tracks
{
    public const long StrictSmallWords = 10_000_000;
    public const long StrictWords = 100_000_000;

    /// <summary>The smallest track whose budget holds <paramref name="words"/>: strict-small, strict, or none.</summary>
    public static string Fit(long words) => words switch
    {
        <= StrictSmallWords => "strict-small",
        <= StrictWords => "strict",
        _ => "none (over the 100M-word strict budget)",
    };

    /// <summary>Word budget of a named track.</summary>
    public static long Budget(string track) => track switch
    {
        "strict-small" => StrictSmallWords,
        "strict" => StrictWords,
        _ => throw new BabyLmException($"unknown track '{track}'", "tracks: strict-small (10M words), strict (100M words)"),
    };
}

/// <param name="CrlfLines">Lines that ended in CRLF (read as LF: the '\r' is not part of the text).</param>
/// <param name="Bom">The file started with a UTF-8 byte order mark (dropped).</param>
public sealed record SourceStats(
    string Split, string Source, string File, long Lines, long BlankLines, long Words, long Types, long Bytes, long CrlfLines = 0, bool Bom = false)
{
    public double MeanWordsPerLine => Lines == 0 ? 0 : (double)Words / Lines;
}

public sealed record SplitStats(string Split, string Role, long Lines, long Words, long Types, IReadOnlyList<SourceStats> Sources)
{
    public double MeanWordsPerLine => Lines == 0 ? 0 : (double)Words / Lines;
}

public sealed record CorpusStatistics(
    string Root, string Layout, string Cleaning, IReadOnlyList<SplitStats> Splits, long TrainWords, string Track)
{
    [JsonIgnore] public long TotalWords => Splits.Sum(s => s.Words);
}

public static class CorpusStatsBuilder
{
    /// <summary>Reads every file of the corpus (in parallel over files) and returns its statistics.</summary>
    public static CorpusStatistics Compute(CorpusLayout layout, CleaningProfile profile, int threads = 0)
    {
        var files = layout.Files;
        var perFile = new (SourceStats Stats, HashSet<string> Types)[files.Count];
        Par.For(files.Count, threads, i => perFile[i] = ComputeFile(files[i], profile));

        var splits = new List<SplitStats>();
        foreach (var split in layout.Splits)
        {
            var idx = Enumerable.Range(0, files.Count).Where(i => files[i].Split == split).ToList();
            var types = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in idx) types.UnionWith(perFile[i].Types);
            var sources = idx.Select(i => perFile[i].Stats).ToList();
            splits.Add(new SplitStats(split, files[idx[0]].Role.ToString().ToLowerInvariant(),
                sources.Sum(s => s.Lines), sources.Sum(s => s.Words), types.Count, sources));
        }
        long trainWords = splits.Where(s => s.Role == "train").Select(s => s.Words).DefaultIfEmpty(0).Max();
        return new CorpusStatistics(layout.Root, layout.Kind.ToString(), profile.Name, splits, trainWords, Tracks.Fit(trainWords));
    }

    private static (SourceStats, HashSet<string>) ComputeFile(CorpusFile file, CleaningProfile profile)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var lookup = types.GetAlternateLookup<ReadOnlySpan<char>>();
        long lines = 0, words = 0, bytes = 0;
        var chars = new char[1024];
        var read = new ReadStats();
        long blank = CorpusText.ForEachUtterance(file.Path, profile, (text, n, _) =>
        {
            lines++;
            words += n;
            bytes += text.Length + 1;
            if (chars.Length < text.Length) chars = new char[text.Length * 2];
            int len = Encoding.UTF8.GetChars(text, chars);
            var s = chars.AsSpan(0, len);
            int start = -1;
            for (int i = 0; i <= s.Length; i++)
            {
                bool space = i == s.Length || Words.IsSpace(s[i]);
                if (space && start >= 0) { lookup.Add(s[start..i]); start = -1; }
                else if (!space && start < 0) start = i;
            }
        }, read);
        var stats = new SourceStats(file.Split, file.Source, file.Path, lines, blank, words, types.Count, bytes, read.CrlfLines, read.BomFiles > 0);
        return (stats, types);
    }
}
