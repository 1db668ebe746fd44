// Reads entity tracking (Kim & Schuster 2023, as BabyLM 2025 recast it for ranking) as the pipeline
// does: JSONL lines with input_prefix, options (a list, the correct one first) and numops. The
// candidates are input_prefix + option, concatenated exactly as written (no space is added: wherever
// the data puts the space, in the prefix or the option, the text tokenizes alike), each scored on the
// option. UID =
// <file stem>_<numops>_ops (regular_0_ops, ambiref_3_ops, …); the UID's phenomenon is the file.
// The task score is the mean over each file's ops-count UIDs, then the mean over files — the
// aggregation of the pipeline's run.py (its calculate_results_from_pred.py averages all UIDs flat;
// the report names which).
namespace BabyLm.Corpus.ZeroShot;

public static class EntityTrackingLoader
{
    public const string Format = "entity-tracking lines need input_prefix, options (a list of at least two strings, the correct one first) and numops";

    public static ZeroShotTask Load(string path)
    {
        var files = JsonlRecords.Files(path, "entity-tracking", "entity_tracking/ or entity_tracking_fast/: regular.jsonl, ambiref.jsonl, move_contents.jsonl");
        var groups = new List<TaskGroup>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var byOps = new SortedDictionary<int, List<TaskItem>>();
            foreach (var r in JsonlRecords.Read(file, Format))
            {
                var prefix = r.String("input_prefix");
                var options = r.Strings("options", min: 2);
                int ops = r.Count("numops");
                if (!byOps.TryGetValue(ops, out var items)) byOps[ops] = items = [];
                items.Add(new TaskItem(options.Select(o => new Candidate(prefix + o, prefix.Length)).ToList()));
            }
            if (byOps.Count == 0) notes.Add($"{Path.GetFileName(file)}: no items (skipped)");
            foreach (var (ops, items) in byOps)
                groups.Add(new TaskGroup { Uid = $"{stem}_{ops}_ops", Phenomenon = stem, Items = items, SourceFile = file });
        }
        if (groups.Count == 0) throw new BabyLmException($"'{path}' holds no entity-tracking items ({files.Count} .jsonl file(s), all empty)", Format);
        bool fast = JsonlRecords.IsFast(path);
        return ZeroShotTask.Create(fast ? "entity_tracking_fast" : "entity_tracking", $"entity:{path}", groups,
            meanOfPhenomena: true, officialName: "entity_tracking", fast: fast, notes: notes);
    }
}
