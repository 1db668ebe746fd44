// The age stage of each utterance of a synthesized childes file, kept in a sidecar beside it:
// `<split>/childes.<split>.stages`, one integer (1 = youngest … Count) per line of the text file, in the
// same order. The text file is in non-decreasing stage order, like AO-CHILDES. The ".stages" extension
// keeps the sidecar out of every corpus reader; `corpus prepare` reads it (ShardSidecars.ReadStages) into
// the shards, where age-ordered curricula find it.
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Language;

public static class AgeStages
{
    /// <summary>Number of stages (roughly half-year bins from 1;0 to 4;0 and older).</summary>
    public const int Count = ChildesRegister.Stages;

    /// <summary>The sidecar of a text file: <c>childes.train</c> → <c>childes.train.stages</c>.</summary>
    public static string SidecarPath(string textFile) => textFile + ShardSidecars.StagesSuffix;
}
