// What `babylm eval` writes besides its table: the run's probes.jsonl (an evaluation's lines replaced,
// not duplicated), item-level scores, and the BabyLM submission file. Every file is written atomically.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Core;
using BabyLm.Experiments.Runs;

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

    /// <summary>Item-level scores, one JSONL line per pair: both sentences, their scores and token counts.</summary>
    public static void WriteItemScores(string path, List<SuiteResult> results)
    {
        var text = string.Concat(results.SelectMany(r => r.Items).Select(i => JsonSerializer.Serialize(new
        {
            suite = i.Suite, paradigm = i.Paradigm, item = i.Item, id = i.Id, good = i.Good, bad = i.Bad,
            score_good = i.ScoreGood, score_bad = i.ScoreBad, tokens_good = i.TokensGood, tokens_bad = i.TokensBad,
        }, Json.Line) + "\n"));
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>BabyLM submission layout: suite → paradigm → predictions [{id, pred}] with pred the preferred sentence.</summary>
    public static void WriteSubmission(string path, List<SuiteResult> results)
    {
        var root = new JsonObject();
        foreach (var r in results)
        {
            var suite = new JsonObject();
            foreach (var group in r.Items.GroupBy(i => i.Paradigm))
            {
                var preds = new JsonArray();
                foreach (var i in group)
                    preds.Add(new JsonObject { ["id"] = $"{i.Paradigm}_{i.Id ?? i.Item.ToString(CultureInfo.InvariantCulture)}", ["pred"] = i.ScoreGood >= i.ScoreBad ? i.Good : i.Bad });
                suite[group.Key] = new JsonObject { ["predictions"] = preds };
            }
            root[r.Suite] = suite;
        }
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
