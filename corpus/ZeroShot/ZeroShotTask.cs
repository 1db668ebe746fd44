// The one shape every zero-shot task takes for scoring and reporting, minimal pairs included: a task
// holds groups (the official pipeline's UIDs), a group holds items, and an item ranks candidate texts,
// each scored on its completion — the part of the text from CompletionStart on, conditioned on what
// precedes it. Candidate 0 is always the one the task counts as right (BLiMP's good sentence, EWoK's
// Target1, entity tracking's options[0], COMPS's acceptable prefix); for the WUG tasks it is the
// alternative whose human preference ratio the item carries. Candidates keep the whole text, not a
// prefix and a continuation tokenized apart, because that is how the official pipeline tokenizes
// them (so "Box 1 contains " + "the apple" tokenizes as one text would). It holds data, not scores.
using System.Globalization;
using BabyLm.Core;
using BabyLm.Corpus.Probes;

namespace BabyLm.Corpus.ZeroShot;

/// <summary>What a task's score measures: accuracy over items, or Spearman's ρ against human ratios.</summary>
public enum TaskMetric { Accuracy, Spearman }

/// <summary>One candidate text; its score is log p(Text[CompletionStart..] | Text[..CompletionStart]).</summary>
public sealed record Candidate(string Text, int CompletionStart = 0)
{
    public string Prefix => Text[..CompletionStart];
    public string Completion => Text[CompletionStart..];
}

/// <summary>
/// One item: candidates ranked by score; candidate 0 is the correct one (or, with <see cref="Ratio"/>,
/// the alternative whose human preference ratio is given). <see cref="Id"/> is the source's own id
/// (BLiMP's pairID), if any.
/// </summary>
public sealed record TaskItem(IReadOnlyList<Candidate> Candidates, string? Id = null, double? Ratio = null);

/// <summary>
/// One UID of a task: BLiMP's paradigm, an EWoK domain, an entity-tracking file × number of operations,
/// a COMPS subset, a WUG task. <see cref="Phenomenon"/> is the group above it (BLiMP's linguistics_term,
/// the entity-tracking file); <see cref="Field"/> BLiMP's field where there is one.
/// </summary>
public sealed record TaskGroup
{
    public required string Uid { get; init; }
    public required string Phenomenon { get; init; }
    public string? Field { get; init; }
    public required IReadOnlyList<TaskItem> Items { get; init; }
    public string? SourceFile { get; init; }
}

public sealed record ZeroShotTask
{
    /// <summary>blimp, blimp_supplement, ewok, entity_tracking, comps, wug_adj, wug_past (with _fast for the fast variants), builtin, zorro.</summary>
    public required string Name { get; init; }
    /// <summary>The spec that loads it again (ewok:data/evaluation_data/full_eval/ewok_filtered).</summary>
    public required string Spec { get; init; }
    public required IReadOnlyList<TaskGroup> Groups { get; init; }
    public required string ContentHash { get; init; }
    public TaskMetric Metric { get; init; } = TaskMetric.Accuracy;
    /// <summary>
    /// True when the task score is the mean over phenomena of the mean over their UIDs (entity tracking:
    /// per file, then over files, as the official pipeline averages); false: the mean over UIDs.
    /// </summary>
    public bool MeanOfPhenomena { get; init; }
    /// <summary>The official pipeline's task key in the results and submission files (blimp, ewok, …), or null for suites it does not have.</summary>
    public string? OfficialName { get; init; }
    /// <summary>True for the fast_eval subsamples the pipeline scores at every checkpoint.</summary>
    public bool Fast { get; init; }
    /// <summary>True when a prediction names the chosen candidate's whole text (COMPS) rather than its completion.</summary>
    public bool PredictsWholeText { get; init; }
    /// <summary>What generated it (the built-in suite), or null for a loaded task.</summary>
    public string? Generator { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Short form of the content hash: what results record as the suite version.</summary>
    public string Version => ContentHash[..12];

    public int ItemCount => Groups.Sum(g => g.Items.Count);

    /// <summary>True when every item is a pair of whole sentences (a minimal-pair suite).</summary>
    public bool IsMinimalPairs => Metric == TaskMetric.Accuracy
        && Groups.All(g => g.Items.All(i => i.Candidates.Count == 2 && i.Candidates.All(c => c.CompletionStart == 0)));

    public TaskGroup? Find(string uid) => Groups.FirstOrDefault(g => g.Uid == uid);

    /// <summary>A minimal-pair suite as a task: each pair is an item (good, bad) of whole sentences; the version stays the suite's.</summary>
    public static ZeroShotTask FromSuite(ProbeSuite suite) => new()
    {
        Name = suite.Name,
        Spec = suite.Spec,
        ContentHash = suite.ContentHash,
        Groups = suite.Paradigms.Select(p => new TaskGroup
        {
            Uid = p.Uid, Phenomenon = p.Phenomenon, Field = p.Field, SourceFile = p.SourceFile,
            Items = p.Pairs.Select(pair => new TaskItem([new Candidate(pair.Good), new Candidate(pair.Bad)], pair.Id)).ToList(),
        }).ToList(),
        OfficialName = suite.Name is "blimp" or "blimp_supplement" ? suite.Name : null,
        Generator = suite.Generator,
        Notes = suite.Notes,
    };

    /// <summary>Builds a task, computing its content hash over every group and item in order.</summary>
    public static ZeroShotTask Create(string name, string spec, IReadOnlyList<TaskGroup> groups, TaskMetric metric = TaskMetric.Accuracy,
        bool meanOfPhenomena = false, string? officialName = null, bool fast = false, bool predictsWholeText = false, IReadOnlyList<string>? notes = null)
    {
        var h = new Hashing.Builder();
        h.Add("task", $"{name}\t{metric}\t{meanOfPhenomena}");
        foreach (var g in groups)
        {
            h.Add("group", $"{g.Uid}\t{g.Phenomenon}\t{g.Field}");
            foreach (var item in g.Items)
            {
                h.Add("item", item.Ratio is { } r ? r.ToString("R", CultureInfo.InvariantCulture) : "");
                foreach (var c in item.Candidates) h.Add("candidate", $"{c.CompletionStart}\t{c.Text}");
            }
        }
        return new ZeroShotTask
        {
            Name = name, Spec = spec, Groups = groups, ContentHash = h.Hex(), Metric = metric, MeanOfPhenomena = meanOfPhenomena,
            OfficialName = officialName, Fast = fast, PredictsWholeText = predictsWholeText, Notes = notes ?? [],
        };
    }
}
