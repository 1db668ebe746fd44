// What `babylm eval` writes besides its table: the run's probes.jsonl (an evaluation's lines replaced,
// not duplicated), item-level scores, and the submission file in the official pipeline's collated
// layout (collate_preds.py: task → UID → predictions [{id: "<uid>_<n>", pred}], WUG predictions with
// "prob", and "fast_eval_results": per fast task, one {uid: score} per checkpoint chck_<N>M, in
// checkpoint order). Every file is written atomically.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Core;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

public static class EvaluationFiles
{
    /// <summary>Replaces lines of the same evaluation (step, suite, version, scorer, ties) and appends the new ones.</summary>
    public static void ReplaceProbeLines(string path, List<ProbeLine> lines)
    {
        static string Key(ProbeLine l) => $"{l.Step}|{l.Suite}|{l.SuiteVersion}|{l.Scorer}|{l.TieMode}|{l.Full}";
        var keys = lines.Select(Key).ToHashSet(StringComparer.Ordinal);
        var kept = RunFiles.ReadLines<ProbeLine>(path).Where(l => !keys.Contains(Key(l))).Concat(lines).ToList();
        AtomicFile.WriteAllText(path, string.Concat(kept.Select(l => JsonSerializer.Serialize(l, Json.Line) + "\n")));
    }

    /// <summary>
    /// Item-level scores, one JSONL line per item. Minimal pairs: both sentences, their scores and token
    /// counts. Other tasks: every candidate's text, completion, score and scored tokens, the chosen
    /// candidate, and for WUG the human ratio and the model's preference for alternative 0.
    /// </summary>
    public static void WriteItemScores(string path, List<SuiteResult> results)
    {
        var text = new System.Text.StringBuilder();
        foreach (var r in results)
        {
            foreach (var i in r.Items)
            {
                if (r.MinimalPairs)
                {
                    text.Append(JsonSerializer.Serialize(new
                    {
                        suite = i.Suite, paradigm = i.Paradigm, item = i.Item, id = i.Id, good = i.Candidates[0].Text, bad = i.Candidates[1].Text,
                        score_good = i.Scores[0], score_bad = i.Scores[1], tokens_good = i.Tokens[0], tokens_bad = i.Tokens[1],
                    }, Json.Line)).Append('\n');
                    continue;
                }
                text.Append(JsonSerializer.Serialize(new
                {
                    suite = i.Suite, paradigm = i.Paradigm, item = i.Item, id = i.Id,
                    candidates = i.Candidates.Select((c, k) => new { text = c.Text, completion = c.Completion, score = i.Scores[k], tokens = i.Tokens[k] }),
                    chosen = i.Chosen,
                    ratio = i.Ratio,
                    preference = r.Metric == TaskMetric.Spearman ? i.PreferenceForFirst : (double?)null,
                }, Json.Line)).Append('\n');
            }
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The official task key of a result (blimp, ewok, …; a suite the pipeline does not have keeps its own name).</summary>
    public static string TaskKey(SuiteResult r) => r.OfficialName ?? r.Suite;

    /// <summary>
    /// The submission file: every full task's predictions (the first of the highest-scoring candidates,
    /// as the pipeline's argmax picks: its completion, or for COMPS its whole sentence), and
    /// <paramref name="fast"/> as "fast_eval_results" when there are fast-eval scores.
    /// </summary>
    public static void WriteSubmission(string path, List<SuiteResult> results, IReadOnlyDictionary<string, List<FastEvalScores>>? fast = null)
    {
        var root = new JsonObject();
        foreach (var r in results.Where(r => !r.Fast))
        {
            var task = new JsonObject();
            foreach (var group in r.Items.GroupBy(i => i.Paradigm))
            {
                var preds = new JsonArray();
                int n = 0;
                foreach (var i in group)
                {
                    var chosen = i.Candidates[i.Chosen];
                    var p = new JsonObject
                    {
                        ["id"] = $"{group.Key}_{(n++).ToString(CultureInfo.InvariantCulture)}",
                        ["pred"] = r.PredictsWholeText ? chosen.Text : chosen.Completion,
                    };
                    if (r.Metric == TaskMetric.Spearman) p["prob"] = i.PreferenceForFirst;
                    preds.Add(p);
                }
                task[group.Key] = new JsonObject { ["predictions"] = preds };
            }
            root[TaskKey(r)] = task;
        }
        if (fast is { Count: > 0 })
        {
            var f = new JsonObject();
            foreach (var (task, revisions) in fast)
                f[task] = new JsonArray(revisions.Select(rev => (JsonNode)new JsonObject(rev.Scores.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)))).ToArray());
            root["fast_eval_results"] = f;
        }
        AtomicFile.WriteAllText(path, root.ToJsonString(Json.Pretty) + "\n");
    }

    /// <summary>
    /// Fast-eval scores at the BabyLM checkpoints from a run's probe lines: for each fast suite
    /// (blimp_fast, ewok_fast, …) scored with <paramref name="scorer"/> in <paramref name="tieMode"/>, the
    /// first evaluation at or after each word milestone (1M, 2M, … 10M, 20M, …) and before the next,
    /// as {uid: score} — accuracy as a fraction, or ρ — keyed by the official task name.
    /// </summary>
    public static Dictionary<string, List<FastEvalScores>> FastHistory(IEnumerable<ProbeLine> lines, string scorer, string tieMode)
    {
        var result = new Dictionary<string, List<FastEvalScores>>(StringComparer.Ordinal);
        var milestones = Milestones.All().ToList();
        foreach (var suite in lines.Where(l => l.Baseline is null && l.Scorer == scorer && l.TieMode == tieMode && l.Suite.EndsWith("_fast", StringComparison.Ordinal))
            .GroupBy(l => l.Suite).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var evaluations = suite.GroupBy(l => l.Step).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
            var revisions = new List<FastEvalScores>();
            for (int m = 0; m < milestones.Count; m++)
            {
                long next = m + 1 < milestones.Count ? milestones[m + 1] : long.MaxValue;
                var at = evaluations.FirstOrDefault(e => e[0].WordsSeen >= milestones[m]);
                if (at is null || at[0].WordsSeen >= next) continue;
                revisions.Add(new FastEvalScores(RevisionName(milestones[m]), at[0].Step,
                    at.ToDictionary(l => l.Paradigm, l => l.Accuracy, StringComparer.Ordinal)));
            }
            if (revisions.Count > 0) result[suite.Key[..^"_fast".Length]] = revisions;
        }
        return result;
    }

    /// <summary>The pipeline's checkpoint (branch) name for a word milestone: chck_1M, …, chck_10M, chck_20M, …, chck_1000M.</summary>
    public static string RevisionName(long words) => $"chck_{(words / 1_000_000).ToString(CultureInfo.InvariantCulture)}M";
}

/// <summary>One checkpoint's fast-eval scores of one task: {uid: score}.</summary>
public sealed record FastEvalScores(string Revision, long Step, IReadOnlyDictionary<string, double> Scores);
