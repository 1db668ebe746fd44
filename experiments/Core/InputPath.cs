// Checks of the paths a user gives, so that a folder where a file belongs (or the reverse) is an error
// that names the path and what was expected there, never "does not exist" or a bare .NET message.
namespace BabyLm.Core;

public static class InputPath
{
    /// <summary>An existing file to read: <paramref name="what"/> names it in messages ("config file", "tokenizer").</summary>
    public static string RequireFile(string path, string what, string? hint = null)
    {
        if (File.Exists(path)) return path;
        if (Directory.Exists(path))
            throw new BabyLmException($"{what} '{path}' is a folder; a file was expected", hint ?? $"give the path of the {what} itself");
        throw new BabyLmException($"{what} '{path}' does not exist", hint ?? ParentHint(path));
    }

    /// <summary>An existing folder to read.</summary>
    public static string RequireFolder(string path, string what, string? hint = null)
    {
        if (Directory.Exists(path)) return path;
        if (File.Exists(path))
            throw new BabyLmException($"{what} '{path}' is a file; a folder was expected", hint);
        throw new BabyLmException($"{what} '{path}' does not exist", hint ?? ParentHint(path));
    }

    /// <summary>A file the tool will write: it may not exist yet, but it must not be a folder, nor lie under a file.</summary>
    public static string OutputFile(string path, string what)
    {
        if (Directory.Exists(path))
            throw new BabyLmException($"{what} '{path}' is a folder; a file path was expected", $"give a file name, e.g. {Path.Combine(path, "out.json")}");
        CheckParents(path, what);
        return path;
    }

    /// <summary>A folder the tool will write: it may not exist yet, but it must not be a file, nor lie under a file.</summary>
    public static string OutputFolder(string path, string what)
    {
        if (File.Exists(path))
            throw new BabyLmException($"{what} '{path}' is a file; a folder was expected", "give the path of a folder (new or empty)");
        CheckParents(path, what);
        return path;
    }

    private static void CheckParents(string path, string what)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return;
            if (File.Exists(dir))
                throw new BabyLmException($"{what} '{path}': '{dir}' is a file, so nothing can be written under it", "give a path whose folders are folders");
        }
    }

    private static string? ParentHint(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        return parent is not null && File.Exists(parent) ? $"'{parent}' is a file, not a folder" : null;
    }
}
