// Finds the files of a corpus and names their source and split. Understands the BabyLM 2024+ layout
// (train_10M/, train_100M/, dev/, test/), the 2023 layout (babylm_10M/, babylm_100M/, babylm_dev/,
// babylm_test/), a folder of text files and a single text file. It reads no text.
namespace BabyLm.Corpus.Reading;

public enum LayoutKind { Babylm2024, Babylm2023, Folder, SingleFile }

/// <summary>What a split is for.</summary>
public enum SplitRole { Train, Dev, Test }

/// <summary>One file of a corpus: its source (file stem, e.g. <c>childes</c>) and split (folder name).</summary>
public sealed record CorpusFile(string Path, string Source, string Split, SplitRole Role);

public sealed class CorpusLayout
{
    public const string ManifestName = "corpus.json";

    private CorpusLayout(string root, LayoutKind kind, IReadOnlyList<CorpusFile> files)
    {
        Root = root;
        Kind = kind;
        Files = files;
    }

    public string Root { get; }
    public LayoutKind Kind { get; }

    /// <summary>All files, ordered by split (train splits first, then dev, then test) and then by file name.</summary>
    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Split names in file order.</summary>
    public IReadOnlyList<string> Splits => Files.Select(f => f.Split).Distinct().ToList();

    public IReadOnlyList<string> TrainSplits => Files.Where(f => f.Role == SplitRole.Train).Select(f => f.Split).Distinct().ToList();

    public IEnumerable<CorpusFile> FilesOf(string split) => Files.Where(f => f.Split == split);

    /// <summary>
    /// The train split to use: <paramref name="requested"/> if given (must exist), else the only train split.
    /// Several train splits (both train_10M and train_100M) need an explicit choice.
    /// </summary>
    public string ResolveTrainSplit(string? requested = null)
    {
        var trains = TrainSplits;
        if (requested is not null)
        {
            if (!Splits.Contains(requested))
            {
                throw new BabyLmException(
                    $"corpus {Root}: no split '{requested}'",
                    $"splits here: {string.Join(", ", Splits)}");
            }
            return requested;
        }
        if (trains.Count == 1) return trains[0];
        throw new BabyLmException(
            $"corpus {Root}: several train splits ({string.Join(", ", trains)})",
            "choose one with --split, e.g. --split " + trains[0]);
    }

    /// <summary>The dev split, if the corpus has one.</summary>
    public string? DevSplit => Files.FirstOrDefault(f => f.Role == SplitRole.Dev)?.Split;

    /// <summary>Opens a corpus path, or throws a <see cref="BabyLmException"/> saying what is wrong with it.</summary>
    public static CorpusLayout Open(string path)
    {
        if (File.Exists(path))
        {
            var full = Path.GetFullPath(path);
            return new CorpusLayout(full, LayoutKind.SingleFile,
                [new CorpusFile(full, SourceName(full), "train", SplitRole.Train)]);
        }
        if (!Directory.Exists(path))
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent is not null && File.Exists(parent))
                throw new BabyLmException($"corpus path '{path}': '{parent}' is a file, not a folder", "give a corpus folder or a text file");
            throw new BabyLmException($"corpus path '{path}' does not exist",
                "give a BabyLM corpus folder (train_10M/, dev/, …), a folder of .txt files, or a text file");
        }
        var root = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var subdirs = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).ToHashSet(StringComparer.Ordinal);

        var files = new List<CorpusFile>();
        LayoutKind kind;
        if (subdirs.Any(Is2024Split))
        {
            kind = LayoutKind.Babylm2024;
            foreach (var dir in subdirs.Where(Is2024Split).OrderBy(SplitOrder2024).ThenBy(d => d, StringComparer.Ordinal))
                AddFolder(files, Path.Combine(root, dir), dir, Role2024(dir));
        }
        else if (subdirs.Any(Is2023Split))
        {
            kind = LayoutKind.Babylm2023;
            foreach (var dir in subdirs.Where(Is2023Split).OrderBy(SplitOrder2023).ThenBy(d => d, StringComparer.Ordinal))
                AddFolder(files, Path.Combine(root, dir), dir, Role2023(dir));
        }
        else
        {
            kind = LayoutKind.Folder;
            AddFolder(files, root, "train", SplitRole.Train);
        }

        if (files.Count == 0)
        {
            throw new BabyLmException($"corpus '{path}' holds no text files",
                "expected train_10M/ or train_100M/ (BabyLM 2024), babylm_10M/ (2023), or .txt files");
        }
        if (!files.Any(f => f.Role == SplitRole.Train))
        {
            throw new BabyLmException(
                $"corpus '{path}' has no train split (found: {string.Join(", ", files.Select(f => f.Split).Distinct())})",
                kind == LayoutKind.Babylm2023 ? "a 2023 layout needs babylm_10M/ or babylm_100M/" : "a 2024 layout needs train_10M/ or train_100M/");
        }
        return new CorpusLayout(root, kind, files);
    }

    /// <summary>Source name of a file: its name up to the first dot (<c>childes.train</c> → <c>childes</c>).</summary>
    public static string SourceName(string path)
    {
        var name = Path.GetFileName(path);
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }

    private static void AddFolder(List<CorpusFile> files, string dir, string split, SplitRole role)
    {
        foreach (var file in Directory.GetFiles(dir).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal))
        {
            if (IsTextFile(file)) files.Add(new CorpusFile(file, SourceName(file), split, role));
        }
    }

    private static bool IsTextFile(string file)
    {
        var name = Path.GetFileName(file);
        if (name.StartsWith('.') || name == ManifestName || name.Contains(".tmp-", StringComparison.Ordinal)) return false;
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is "" or ".txt" or ".train" or ".dev" or ".test";
    }

    private static bool Is2024Split(string d) => d.StartsWith("train_", StringComparison.Ordinal) || d is "dev" or "test";
    private static bool Is2023Split(string d) => d.StartsWith("babylm_", StringComparison.Ordinal);
    private static SplitRole Role2024(string d) => d switch { "dev" => SplitRole.Dev, "test" => SplitRole.Test, _ => SplitRole.Train };
    private static SplitRole Role2023(string d) => d switch { "babylm_dev" => SplitRole.Dev, "babylm_test" => SplitRole.Test, _ => SplitRole.Train };
    private static int SplitOrder2024(string d) => (int)Role2024(d);
    private static int SplitOrder2023(string d) => (int)Role2023(d);
}
