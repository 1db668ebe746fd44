// Reads the WUG tasks — adjective nominalization (Hofmann et al. 2024) and past tense (Weissweiler
// et al. 2023) — as the BabyLM pipeline does: JSONL lines with "sentences", the alternatives separated
// by tabs in one string, and "ratio", the share of people who chose the first. Each alternative is a
// whole sentence; the model's preference for alternative 0 is its softmax share of the alternatives'
// sentence scores, and the task score is Spearman's ρ between those preferences and the ratios. One
// UID per task (wug_adj, wug_past), as in the pipeline.
namespace BabyLm.Corpus.ZeroShot;

public enum WugTask { Adjective, PastTense }

public static class WugLoader
{
    public const string Format = "WUG lines need \"sentences\" (the alternatives in one string, separated by tabs) and \"ratio\" (the human preference for the first)";

    public static string NameOf(WugTask task) => task == WugTask.Adjective ? "wug_adj" : "wug_past";

    public static ZeroShotTask Load(string path, WugTask task)
    {
        string name = NameOf(task);
        var files = JsonlRecords.Files(path, name, task == WugTask.Adjective ? "wug_adj_nominalization/" : "wug_past_tense/");
        var items = new List<TaskItem>();
        foreach (var file in files)
        {
            foreach (var r in JsonlRecords.Read(file, Format))
            {
                var alternatives = r.String("sentences").Split('\t');
                if (alternatives.Length < 2) throw r.Error("\"sentences\" holds one sentence: the alternatives are separated by tabs");
                for (int i = 0; i < alternatives.Length; i++)
                    if (alternatives[i].Trim().Length == 0) throw r.Error($"\"sentences\": alternative {i + 1} of {alternatives.Length} is empty (a stray tab?)");
                double ratio = r.Number("ratio");
                items.Add(new TaskItem(alternatives.Select(a => new Candidate(a)).ToList(), Ratio: ratio));
            }
        }
        if (items.Count == 0) throw new BabyLmException($"'{path}' holds no {name} items ({files.Count} .jsonl file(s), all empty)", Format);
        if (items.Count < 3) throw new BabyLmException($"'{path}' holds {items.Count} {name} item(s): a rank correlation needs at least 3", Format);
        bool fast = JsonlRecords.IsFast(path);
        var group = new TaskGroup { Uid = name, Phenomenon = name, Items = items, SourceFile = files[0] };
        return ZeroShotTask.Create(fast ? name + "_fast" : name, $"{(task == WugTask.Adjective ? "wug-adj" : "wug-past")}:{path}", [group],
            metric: TaskMetric.Spearman, officialName: name, fast: fast);
    }
}
