namespace BabyLm.Core;

/// <summary>The rule every command that writes a whole folder follows: a non-empty folder is replaced only with --force.</summary>
public static class OutputFolder
{
    public static void Check(string dir, bool force)
    {
        if (File.Exists(dir)) throw new BabyLmException($"output '{dir}' is a file", "give a folder path with --out");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !force)
        {
            throw new BabyLmException($"output folder '{dir}' already exists and is not empty",
                "choose another --out, or pass --force to replace it");
        }
    }
}
