// Reads EWoK (Elements of World Knowledge) as the BabyLM pipeline does: JSONL lines with Context1,
// Context2, Target1, Target2, Domain, ContextType, ContextDiff, TargetDiff. An item compares
// log p(" " + Target1 | Context1) with log p(" " + Target2 | Context1): the candidates are
// Context1 + " " + Target, scored from the space on (the leading-space rule), and Target1 is right.
// Context2 is not scored (the pipeline keeps it only as metadata). UID = Domain; every file of the
// folder is read (ewok_filtered/ holds one per domain), and a domain may span files.
namespace BabyLm.Corpus.ZeroShot;

public static class EwokLoader
{
    public const string Format = "EWoK lines need Context1, Target1, Target2 and Domain (Context2, ContextType, ContextDiff, TargetDiff are read as metadata)";

    public static ZeroShotTask Load(string path)
    {
        var files = JsonlRecords.Files(path, "EWoK", "ewok_filtered/ or ewok_fast/: one <domain>.jsonl per domain");
        var byDomain = new Dictionary<string, (List<TaskItem> Items, string File)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var r in JsonlRecords.Read(file, Format))
            {
                var context = r.String("Context1");
                var t1 = r.String("Target1");
                var t2 = r.String("Target2");
                var domain = r.String("Domain").Trim();
                if (!byDomain.TryGetValue(domain, out var g)) byDomain[domain] = g = ([], file);
                g.Items.Add(new TaskItem([Candidate(context, t1), Candidate(context, t2)]));
            }
        }
        if (byDomain.Count == 0) throw new BabyLmException($"'{path}' holds no EWoK items ({files.Count} .jsonl file(s), all empty)", Format);
        bool fast = JsonlRecords.IsFast(path);
        var groups = byDomain.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new TaskGroup { Uid = kv.Key, Phenomenon = kv.Key, Items = kv.Value.Items, SourceFile = kv.Value.File }).ToList();
        return ZeroShotTask.Create(fast ? "ewok_fast" : "ewok", $"ewok:{path}", groups, officialName: "ewok", fast: fast);
    }

    /// <summary>Context + " " + target, scored from the space: the pipeline's completion " " + target.</summary>
    public static Candidate Candidate(string context, string target) => new(context + " " + target, context.Length);
}
