// Writes a report into its folder without ever deleting what the report did not write. The folder keeps a
// list of the files the last report wrote (.babylm-report, JSON); a new report replaces exactly those (and
// removes the ones it no longer writes), and leaves every other file — a user's my-figure.svg or
// tables/my-notes.txt — as it is. A non-empty folder that holds no report is refused unless --force (then
// the report's files are added, same-named files replaced, nothing removed). Each file is built in a
// temporary folder first and renamed into place; report.md goes last, so it never names a plot that is
// not there yet, and the list is written before any file moves (the union of old and new), so a killed
// report never orphans a file nor loses track of one.
using System.Text.Json;
using BabyLm.Core;

namespace BabyLm.Analysis;

public static class ReportFolder
{
    /// <summary>The list of files the last report wrote into a report folder.</summary>
    public const string ListFile = ".babylm-report";

    private sealed record FileList(string Format, List<string> Files);

    /// <summary>Throws unless <paramref name="outDir"/> may receive a report (checked before any work is written).</summary>
    public static void Check(string outDir, bool force)
    {
        if (File.Exists(outDir)) throw new BabyLmException($"--out '{outDir}' is a file", "give a folder for the report");
        InputPath.OutputFolder(outDir, "--out");
        if (force || !Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any()) return;
        if (File.Exists(Path.Combine(outDir, ListFile)) || File.Exists(Path.Combine(outDir, ReportFiles.Markdown))) return;
        throw new BabyLmException($"--out '{outDir}' is not a report folder (it holds other files and no report): nothing of it is replaced",
            "give a new or empty folder, the folder of an earlier report, or pass --force to add the report's files there (other files are kept)");
    }

    /// <summary>Writes <paramref name="files"/> (relative path → text) into <paramref name="outDir"/> as described above.</summary>
    public static void Write(string outDir, IReadOnlyDictionary<string, string> files, bool force)
    {
        Check(outDir, force);
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        Directory.CreateDirectory(full);
        AtomicFile.RemoveStaleTemporaries(full + ".files");
        var previous = ReadList(full);
        var tmp = AtomicFile.TempPathFor(full + ".files");
        try
        {
            foreach (var (rel, text) in files)
            {
                var path = Path.Combine(tmp, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            var names = files.Keys.ToList();
            WriteList(full, previous.Union(names, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            foreach (var rel in names.OrderBy(n => n == ReportFiles.Markdown ? 1 : 0).ThenBy(n => n, StringComparer.Ordinal))
            {
                var target = Path.Combine(full, rel);
                if (Directory.Exists(target))
                    throw new BabyLmException($"'{target}' is a folder; the report writes a file there", "move that folder away");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(tmp, rel), target, overwrite: true);
            }
            foreach (var stale in previous.Except(names, StringComparer.Ordinal))
            {
                AtomicFile.TryDelete(Path.Combine(full, stale));
                RemoveEmptyParents(full, Path.GetDirectoryName(Path.Combine(full, stale))!);
            }
            WriteList(full, names.Order(StringComparer.Ordinal).ToList());
        }
        finally
        {
            AtomicFile.TryDeleteDirectory(tmp);
        }
    }

    /// <summary>The files the last report wrote (none for a folder without the list).</summary>
    public static IReadOnlyList<string> ReadList(string outDir)
    {
        var path = Path.Combine(outDir, ListFile);
        if (!File.Exists(path)) return [];
        var list = Json.ReadFile<FileList>(path, "report file list");
        // Only plain relative paths inside the folder: a hand-edited list cannot make the report delete elsewhere.
        return list.Files.Where(f => f.Length > 0 && !Path.IsPathRooted(f) && !f.Split('/').Contains("..")).ToList();
    }

    private static void WriteList(string outDir, List<string> files)
        => Json.WriteFile(Path.Combine(outDir, ListFile), new FileList("babylm-report-files", files));

    private static void RemoveEmptyParents(string root, string dir)
    {
        while (dir.Length > root.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            try { Directory.Delete(dir); } catch (IOException) { return; }
            dir = Path.GetDirectoryName(dir)!;
        }
    }
}
