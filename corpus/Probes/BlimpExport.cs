// `babylm probes export`: a suite as BLiMP-format JSONL, one file per paradigm (<uid>.jsonl), so other
// tools — the official BabyLM pipeline, lm-evaluation-harness — can score the built-in suite. Each line
// carries BLiMP's keys (sentence_good, sentence_bad, field, linguistics_term, UID, pairID and the method
// flags; lexically_identical is true where the two sentences hold the same words, as BLiMP sets it);
// suite.json beside them records the suite's name, version, generator and paradigms.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Core;
using BabyLm.Corpus.Language;

namespace BabyLm.Corpus.Probes;

public static class BlimpExport
{
    public const string SuiteFile = "suite.json";

    /// <summary>Writes the suite into <paramref name="dir"/> atomically (the folder appears whole or not at all).</summary>
    public static void Write(ProbeSuite suite, string dir, bool force = false)
    {
        OutputFolder.Check(dir, force, SuiteFile, "probe export folder");
        AtomicFile.WriteDirectory(dir, tmp =>
        {
            foreach (var p in suite.Paradigms)
            {
                var sb = new StringBuilder();
                foreach (var pair in p.Pairs)
                {
                    var line = new JsonObject
                    {
                        ["sentence_good"] = pair.Good,
                        ["sentence_bad"] = pair.Bad,
                        ["field"] = p.Field,
                        ["linguistics_term"] = p.Phenomenon,
                        ["UID"] = p.Uid,
                        ["simple_LM_method"] = true,
                        ["one_prefix_method"] = false,
                        ["two_prefix_method"] = false,
                        ["lexically_identical"] = LexicallyIdentical(pair),
                        ["pairID"] = pair.Id,
                    };
                    sb.Append(line.ToJsonString(Json.Line)).Append('\n');
                }
                File.WriteAllText(Path.Combine(tmp, p.Uid + ".jsonl"), sb.ToString(), new UTF8Encoding(false));
            }
            var summary = new JsonObject
            {
                ["name"] = suite.Name,
                ["version"] = suite.Version,
                ["content_hash"] = suite.ContentHash,
                ["generator"] = suite.Generator,
                ["paradigms"] = new JsonArray(suite.Paradigms.Select(p => (JsonNode)new JsonObject
                {
                    ["uid"] = p.Uid, ["phenomenon"] = p.Phenomenon, ["field"] = p.Field, ["pairs"] = p.Pairs.Count, ["contrast"] = p.Contrast,
                }).ToArray()),
            };
            File.WriteAllText(Path.Combine(tmp, SuiteFile), summary.ToJsonString(Json.Pretty) + "\n", new UTF8Encoding(false));
        });
    }

    /// <summary>Both sentences hold the same words, in another order (a swap or a moved phrase).</summary>
    public static bool LexicallyIdentical(MinimalPair pair)
        => pair.Good.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .SequenceEqual(pair.Bad.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
