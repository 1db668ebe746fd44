// The saved state of a curriculum (inside a checkpoint), little-endian:
//   magic "BLMCURR\0", format version (int32), fingerprint (uint64: a hash of the curriculum settings that
//   shape the sequence and of the utterance count), then has-self-perplexity (bool) + its state, then
//   the sampler's state (see Samplers.cs). Restoring into a curriculum built from other settings or
//   another shard is an error, never a silently different sequence.
using BabyLm.Core;

namespace BabyLm.Corpus.Curricula;

internal static class CurriculumState
{
    public const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "BLMCURR\0"u8;

    public static ulong Fingerprint(CurriculumConfig c, int utterances)
    {
        var text = string.Join("\n", c.Order, string.Join(",", c.Sources), c.Scorer, c.Pacing, c.Weighted ? "weighted" : "uniform",
            c.Start.ToString("R", System.Globalization.CultureInfo.InvariantCulture), c.End.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            c.D0.ToString("R", System.Globalization.CultureInfo.InvariantCulture), c.Dmax.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            c.C.ToString("R", System.Globalization.CultureInfo.InvariantCulture), c.RescoreEverySteps, c.RescoreSample, utterances);
        return Rng.StreamSeed(0, text);
    }

    public static void WriteHeader(BinaryWriter w, ulong fingerprint)
    {
        w.Write(Magic);
        w.Write(Version);
        w.Write(fingerprint);
    }

    public static void ReadHeader(BinaryReader r, ulong fingerprint)
    {
        Span<byte> magic = stackalloc byte[8];
        if (r.Read(magic) != 8 || !magic.SequenceEqual(Magic)) throw Damaged();
        int version = r.ReadInt32();
        if (version != Version) throw new BabyLmException($"curriculum state has format version {version}; this tool reads version {Version}");
        if (r.ReadUInt64() != fingerprint) throw Mismatch("other curriculum settings or another train split", "this run's");
    }

    public static BabyLmException Damaged()
        => new("the saved curriculum state is damaged or truncated", "resume from an earlier checkpoint, or start the run again");

    public static BabyLmException Mismatch(string saved, string current)
        => new($"the saved curriculum state was made with {saved}, not {current}",
            "a checkpoint resumes only the run that wrote it (same config, same data)");
}
