// corpus.json: written beside every corpus the tool creates (`corpus sample`, `corpus synth`), so the
// exact files used are named and hashed — what reviewers and "unable to reproduce" threads ask for.
using System.Text.Json.Nodes;
using BabyLm.Core;

namespace BabyLm.Corpus.Reading;

public sealed record ManifestFile(string Path, string Split, string Source, long Lines, long Words, string Sha256);

public sealed record CorpusManifest
{
    public const string FormatName = "babylm-corpus";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = CurrentVersion;
    /// <summary>The command that wrote it, e.g. "corpus sample".</summary>
    public required string CreatedBy { get; init; }
    public string? ToolVersion { get; init; }
    public long? Seed { get; init; }
    public long? WordsRequested { get; init; }
    public string? SourceCorpus { get; init; }
    public string Cleaning { get; init; } = "none";
    /// <summary>Free-form description of a generator (name, version, settings), for synthetic corpora.</summary>
    public JsonObject? Generator { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }
    /// <summary>SHA-256 over the file list (paths, sizes in words, hashes): one name for the whole corpus.</summary>
    public required string ContentHash { get; init; }

    public static string HashOf(IEnumerable<ManifestFile> files)
    {
        var h = new Hashing.Builder();
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            h.Add("file", $"{f.Path}\t{f.Words}\t{f.Sha256}");
        return h.Hex();
    }

    /// <summary>Describes the files under <paramref name="root"/> (paths relative to it), hashing each.</summary>
    public static List<ManifestFile> Describe(string root, CleaningProfile profile)
    {
        var layout = CorpusLayout.Open(root);
        var list = new List<ManifestFile>();
        foreach (var file in layout.Files)
        {
            long lines = 0, words = 0;
            CorpusText.ForEachUtterance(file.Path, profile, (_, n, _) => { lines++; words += n; });
            var rel = System.IO.Path.GetRelativePath(root, file.Path).Replace('\\', '/');
            list.Add(new ManifestFile(rel, file.Split, file.Source, lines, words, Hashing.FileSha256Hex(file.Path)));
        }
        return list;
    }

    public static CorpusManifest? TryRead(string root)
    {
        var path = System.IO.Path.Combine(root, CorpusLayout.ManifestName);
        return File.Exists(path) ? Json.ReadFile<CorpusManifest>(path, "corpus manifest") : null;
    }
}
