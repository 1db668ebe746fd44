// `babylm:<dir>`: every zero-shot task present in an official evaluation_data folder, in the layout the
// BabyLM 2025 pipeline's eval_zero_shot.sh and eval_zero_shot_fast.sh read:
//   full_eval/  blimp_filtered/ supplement_filtered/ ewok_filtered/ entity_tracking/ wug_adj_nominalization/ wug_past_tense/ comps/
//   fast_eval/  blimp_fast/ supplement_fast/ ewok_fast/ entity_tracking_fast/ wug_adj_nominalization/ wug_past_tense/
// <dir> is full_eval/, fast_eval/, or the evaluation_data/ folder above them when it holds only one of
// the two. Tasks from fast_eval/ are named with _fast (ewok_fast, …) so their learning curves never mix
// with the final full scores. Folders of tasks this tool does not score (reading, AoA, GLUE, the
// multimodal ones) are noted and skipped; a folder with no task at all is an error.
using BabyLm.Corpus.Probes;

namespace BabyLm.Corpus.ZeroShot;

public static class BabyLmEvalFolder
{
    private enum Kind { Blimp, Supplement, Ewok, Entity, WugAdj, WugPast, Comps }

    /// <summary>Task folder names of the official layout (and the unfiltered names), in the order the pipeline runs them.</summary>
    private static readonly (string Folder, Kind Kind)[] s_folders =
    [
        ("blimp_filtered", Kind.Blimp), ("blimp_fast", Kind.Blimp), ("blimp", Kind.Blimp),
        ("supplement_filtered", Kind.Supplement), ("supplement_fast", Kind.Supplement), ("supplement", Kind.Supplement), ("blimp_supplement", Kind.Supplement),
        ("ewok_filtered", Kind.Ewok), ("ewok_fast", Kind.Ewok), ("ewok", Kind.Ewok),
        ("entity_tracking", Kind.Entity), ("entity_tracking_fast", Kind.Entity),
        ("wug_adj_nominalization", Kind.WugAdj), ("wug_adj", Kind.WugAdj),
        ("wug_past_tense", Kind.WugPast), ("wug_past", Kind.WugPast),
        ("comps", Kind.Comps), ("comps_fast", Kind.Comps),
    ];

    /// <summary>Folders of the official layout that hold tasks of other kinds (not zero-shot candidate ranking).</summary>
    private static readonly string[] s_otherTasks =
        ["reading", "aoa", "AoA_word", "cdi_childes", "glue", "glue_filtered", "devbench", "vqa", "vqa_filtered", "winoground", "winoground_filtered"];

    public static IReadOnlyList<string> TaskFolders => s_folders.Select(f => f.Folder).ToList();

    /// <summary>The tasks of <paramref name="dir"/>, in the pipeline's order; what was skipped is noted on the first.</summary>
    public static IReadOnlyList<ZeroShotTask> Load(string dir)
    {
        var notes = new List<string>();
        if (File.Exists(dir)) throw new BabyLmException($"babylm:{dir} is a file", "give the evaluation_data/full_eval or evaluation_data/fast_eval folder");
        if (!Directory.Exists(dir))
            throw new BabyLmException($"BabyLM evaluation folder '{dir}' does not exist", "give the evaluation_data/full_eval or evaluation_data/fast_eval folder of the BabyLM pipeline");
        var root = Resolve(dir);
        var present = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var tasks = new List<ZeroShotTask>();
        var seen = new Dictionary<Kind, string>();
        foreach (var (folder, kind) in s_folders)
        {
            if (!present.Contains(folder)) continue;
            if (seen.TryGetValue(kind, out var other))
            {
                notes.Add($"{folder}/: skipped, {other}/ already gives this task");
                continue;
            }
            seen[kind] = folder;
            var path = Path.Combine(root, folder);
            tasks.Add(LoadOne(kind, path));
        }
        foreach (var name in present.Order(StringComparer.Ordinal).Where(n => !s_folders.Any(f => f.Folder == n)))
            notes.Add(s_otherTasks.Contains(name, StringComparer.OrdinalIgnoreCase)
                ? $"{name}/: not a zero-shot ranking task (skipped; the official pipeline scores it)"
                : $"{name}/: not a BabyLM task folder (skipped)");
        if (!seen.ContainsKey(Kind.Ewok) && File.Exists(Path.Combine(root, "ewok_fast.zip")))
            notes.Add("ewok_fast.zip: the pipeline ships fast EWoK as a password-protected archive; unzip it here (the password is in the pipeline's README) to score EWoK");
        if (tasks.Count == 0)
        {
            var found = present.Count == 0 ? "no folders" : "folders " + string.Join(", ", present.Order(StringComparer.Ordinal));
            throw new BabyLmException($"'{dir}' holds no BabyLM zero-shot task ({found})",
                "expected evaluation_data/full_eval or fast_eval with task folders: " + string.Join(", ", s_folders.Select(f => f.Folder + "/")));
        }
        if (notes.Count > 0) tasks[0] = tasks[0] with { Notes = [.. tasks[0].Notes, .. notes] };
        return tasks;
    }

    /// <summary>The folder holding the task folders: <paramref name="dir"/> itself, or its only full_eval/ or fast_eval/.</summary>
    private static string Resolve(string dir)
    {
        bool hasTask = s_folders.Any(f => Directory.Exists(Path.Combine(dir, f.Folder)));
        if (hasTask) return dir;
        bool full = Directory.Exists(Path.Combine(dir, "full_eval")), fast = Directory.Exists(Path.Combine(dir, "fast_eval"));
        if (full && fast)
            throw new BabyLmException($"'{dir}' holds both full_eval/ and fast_eval/: name one",
                $"babylm:{Path.Combine(dir, "full_eval")} for the final model, babylm:{Path.Combine(dir, "fast_eval")} for checkpoints during training");
        return full ? Path.Combine(dir, "full_eval") : fast ? Path.Combine(dir, "fast_eval") : dir;
    }

    private static ZeroShotTask LoadOne(Kind kind, string path)
    {
        bool fast = JsonlRecords.IsFast(path);
        switch (kind)
        {
            case Kind.Blimp:
            case Kind.Supplement:
                var suite = BlimpLoader.Load(path);
                var name = kind == Kind.Blimp ? "blimp" : "blimp_supplement";
                return ZeroShotTask.FromSuite(suite) with { Name = fast ? name + "_fast" : name, OfficialName = name, Fast = fast };
            case Kind.Ewok: return EwokLoader.Load(path);
            case Kind.Entity: return EntityTrackingLoader.Load(path);
            case Kind.WugAdj: return WugLoader.Load(path, WugTask.Adjective);
            case Kind.WugPast: return WugLoader.Load(path, WugTask.PastTense);
            default: return CompsLoader.Load(path);
        }
    }
}
