// Reads COMPS (conceptual minimal pairs, Misra et al. 2023) as the BabyLM pipeline does: JSONL lines
// with prefix_acceptable, prefix_unacceptable and property_phrase. The candidates are
// prefix + " " + property_phrase, each scored on the property phrase (so the comparison is
// log p(property | acceptable prefix) against log p(property | unacceptable prefix)); the acceptable one
// is right. UID = the file stem without "comps_", '-' read as '_': comps_base → base, comps_wugs → wugs,
// comps_wugs_dist-before → wugs_dist_before, comps_wugs_dist-in-between → wugs_dist_in_between (the
// pipeline's names). A prediction names the chosen whole sentence, as the pipeline's does.
namespace BabyLm.Corpus.ZeroShot;

public static class CompsLoader
{
    public const string Format = "COMPS lines need prefix_acceptable, prefix_unacceptable and property_phrase";

    public static ZeroShotTask Load(string path)
    {
        var files = JsonlRecords.Files(path, "COMPS", "comps/: comps_base.jsonl, comps_wugs.jsonl, comps_wugs_dist-before.jsonl, comps_wugs_dist-in-between.jsonl");
        var groups = new List<TaskGroup>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            var items = new List<TaskItem>();
            foreach (var r in JsonlRecords.Read(file, Format))
            {
                var good = r.String("prefix_acceptable");
                var bad = r.String("prefix_unacceptable");
                var property = r.String("property_phrase");
                items.Add(new TaskItem([Candidate(good, property), Candidate(bad, property)]));
            }
            var uid = UidOf(Path.GetFileNameWithoutExtension(file));
            if (items.Count == 0) notes.Add($"{Path.GetFileName(file)}: no items (skipped)");
            else if (groups.Any(g => g.Uid == uid)) throw new BabyLmException($"{file}: a second file for COMPS subset '{uid}'", "each subset is one file");
            else groups.Add(new TaskGroup { Uid = uid, Phenomenon = uid, Items = items, SourceFile = file });
        }
        if (groups.Count == 0) throw new BabyLmException($"'{path}' holds no COMPS items ({files.Count} .jsonl file(s), all empty)", Format);
        bool fast = JsonlRecords.IsFast(path);
        return ZeroShotTask.Create(fast ? "comps_fast" : "comps", $"comps:{path}", groups, officialName: "comps", fast: fast,
            predictsWholeText: true, notes: notes);
    }

    /// <summary>comps_wugs_dist-before → wugs_dist_before.</summary>
    public static string UidOf(string stem)
        => (stem.StartsWith("comps_", StringComparison.Ordinal) ? stem["comps_".Length..] : stem).Replace('-', '_');

    /// <summary>prefix + " " + property, scored on the property (the pipeline's completion is the property phrase).</summary>
    public static Candidate Candidate(string prefix, string property) => new(prefix + " " + property, prefix.Length + 1);
}
