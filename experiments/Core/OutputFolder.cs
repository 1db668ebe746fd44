namespace BabyLm.Core;

/// <summary>
/// The rule every command that writes a whole folder follows (corpus sample/synth, probes export): a new or
/// empty folder is written; a non-empty one is replaced only with --force, and only when it is a folder of
/// that kind this tool wrote — it holds the tool's marker file (corpus.json, suite.json). --force never
/// deletes a folder of someone else's files.
/// </summary>
public static class OutputFolder
{
    /// <param name="marker">The file this tool writes into every such folder.</param>
    /// <param name="kind">What such a folder is, for messages ("corpus folder").</param>
    public static void Check(string dir, bool force, string marker, string kind)
    {
        if (File.Exists(dir)) throw new BabyLmException($"output '{dir}' is a file", "give a folder path with --out");
        InputPath.OutputFolder(dir, "--out");
        if (!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any()) return;
        bool ours = File.Exists(Path.Combine(dir, marker));
        if (!force)
        {
            throw new BabyLmException($"output folder '{dir}' already exists and is not empty",
                ours ? "choose another --out, or pass --force to replace it" : $"choose another --out (it holds no {marker}, so it is not a {kind} this tool wrote)");
        }
        if (!ours)
        {
            throw new BabyLmException($"output folder '{dir}' holds no {marker}: it is not a {kind} this tool wrote, and --force replaces only those",
                "choose another --out, or empty that folder yourself");
        }
    }
}
