// The age stage of each utterance of a synthesized childes file, kept in a sidecar beside it:
// `<split>/childes.<split>.stages`, one integer (1 = youngest … Count) per line of the text file, in the
// same order. The text file is in non-decreasing stage order, like AO-CHILDES. The ".stages" extension
// keeps the sidecar out of every corpus reader; age-ordered curricula read it through here.
using System.Globalization;

namespace BabyLm.Corpus.Language;

public static class AgeStages
{
    /// <summary>Number of stages (roughly half-year bins from 1;0 to 4;0 and older).</summary>
    public const int Count = ChildesRegister.Stages;

    public const string Extension = ".stages";

    /// <summary>The sidecar of a text file: <c>childes.train</c> → <c>childes.train.stages</c>.</summary>
    public static string SidecarPath(string textFile) => textFile + Extension;

    /// <summary>The stage of every line of <paramref name="textFile"/>, or null when it has no sidecar.</summary>
    public static int[]? Read(string textFile)
    {
        var path = SidecarPath(textFile);
        if (!File.Exists(path)) return null;
        var stages = new List<int>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int s) || s < 1 || s > Count)
                throw new BabyLmException($"{path}:{number}: '{line}' is not an age stage (1 to {Count})");
            stages.Add(s);
        }
        return stages.ToArray();
    }
}
