// `babylm export --milestones`: every BabyLM word-milestone checkpoint of a run (checkpoints/words-1M.ckpt,
// …, kept when checkpoint.milestones is on) in the Hugging Face layout, one folder per checkpoint named as
// the 2025 rules name the branches — chck_1M … chck_10M, chck_20M … chck_100M, chck_200M … chck_1000M —
// plus main/ (the run's latest checkpoint), branches.json (each folder's step and words seen) and a
// README.md with the commands that push each folder as a branch. The whole output folder is written
// atomically; --force replaces only a folder this command wrote (it holds branches.json).
using System.Globalization;
using System.Text;
using BabyLm.Core;
using BabyLm.Corpus.Text;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Export;

/// <summary>A milestone checkpoint of a run: its branch name, its milestone, its file.</summary>
public sealed record MilestoneCheckpoint(string Revision, long Milestone, string Path);

/// <summary>One exported folder: branch name, the step and words seen of the checkpoint it came from.</summary>
public sealed record ExportedRevision(string Revision, long Step, long WordsSeen);

public sealed record MilestoneExportResult(IReadOnlyList<ExportedRevision> Revisions, IReadOnlyList<string> Missing);

public static class MilestoneExport
{
    public const string Prefix = "words-";
    /// <summary>The folder's manifest (branch, step, words seen of each folder): what marks it as one this tool wrote.</summary>
    public const string Manifest = "branches.json";

    /// <summary>The branch name of a word milestone: chck_1M, chck_20M, chck_1000M.</summary>
    public static string Revision(long words) => $"chck_{(words / 1_000_000).ToString(CultureInfo.InvariantCulture)}M";

    /// <summary>The run's milestone checkpoints, by milestone.</summary>
    public static List<MilestoneCheckpoint> List(string runDir)
    {
        var dir = Path.Combine(runDir, Runs.RunFiles.Checkpoints);
        if (!Directory.Exists(dir)) return [];
        var list = new List<MilestoneCheckpoint>();
        foreach (var file in Directory.GetFiles(dir, Prefix + "*.ckpt"))
        {
            var label = Path.GetFileNameWithoutExtension(file)[Prefix.Length..];
            long words;
            try { words = Sizes.Parse(label, file); }
            catch (BabyLmException) { continue; } // not one of ours
            if (!Milestones.All().Contains(words)) continue;
            list.Add(new MilestoneCheckpoint(Revision(words), words, file));
        }
        return list.OrderBy(m => m.Milestone).ToList();
    }

    /// <summary>Exports every milestone checkpoint of <paramref name="runDir"/> and its latest one (main/) into <paramref name="outDir"/>.</summary>
    public static MilestoneExportResult Write(string runDir, string outDir, bool force = false, int threads = 0)
    {
        var full = Path.GetFullPath(runDir);
        if (!Directory.Exists(full)) throw new BabyLmException($"--milestones needs a run folder; '{runDir}' is not one");
        var milestones = List(full);
        if (milestones.Count == 0)
            throw new BabyLmException($"run '{runDir}' has no milestone checkpoints ({Runs.RunFiles.Checkpoints}/{Prefix}<N>M.ckpt)",
                "train with checkpoint.milestones: true (it keeps a checkpoint at 1M, 2M, … 10M, 20M, … words seen)");
        OutputFolder.Check(outDir, force, Manifest, "milestone export folder");
        var revisions = new List<ExportedRevision>();
        long lastWords = 0;
        AtomicFile.WriteDirectory(outDir, tmp =>
        {
            foreach (var m in milestones)
                revisions.Add(ExportOne(m.Path, Path.Combine(tmp, m.Revision), m.Revision, threads));
            var main = ExportOne(full, Path.Combine(tmp, "main"), "main", threads);
            revisions.Add(main);
            lastWords = main.WordsSeen;
            AtomicFile.WriteAllText(Path.Combine(tmp, "README.md"), Readme(runDir, revisions));
            Json.WriteFile(Path.Combine(tmp, Manifest), revisions);
        });
        var have = milestones.Select(m => m.Milestone).ToHashSet();
        var missing = Milestones.All().Where(w => w <= lastWords && !have.Contains(w)).Select(Revision).ToList();
        return new MilestoneExportResult(revisions, missing);
    }

    private static ExportedRevision ExportOne(string path, string dir, string revision, int threads)
    {
        using var loaded = RunModel.Load(path, threads, device: "cpu"); // export reads parameters only: no GPU needed
        var hash = Hashing.Sha256Hex(RunIdentity.Of(loaded.Config)); // the run config hash of run.json and its checkpoints
        HfExport.Write(loaded.Model, loaded.Config, dir, loaded.TokenizerPath, new ExportSource(loaded.RunDir, hash, loaded.Step, loaded.WordsSeen));
        return new ExportedRevision(revision, loaded.Step, loaded.WordsSeen);
    }

    private static string Readme(string runDir, List<ExportedRevision> revisions)
    {
        var sb = new StringBuilder();
        sb.Append($"# Checkpoints of {Path.GetFileName(Path.GetFullPath(runDir))}\n\n");
        sb.Append("One folder per branch, in the Hugging Face layout (model.safetensors, config.json, tokenizer.json, tokenizer_config.json), "
            + "named as the BabyLM 2025 rules name intermediate checkpoints; main/ is the final model.\n\n");
        sb.Append("| branch | step | words seen |\n| --- | ---: | ---: |\n");
        foreach (var r in revisions) sb.Append($"| {r.Revision} | {r.Step.ToString("N0", CultureInfo.InvariantCulture)} | {r.WordsSeen.ToString("N0", CultureInfo.InvariantCulture)} |\n");
        var branches = string.Join(", ", revisions.Where(r => r.Revision != "main").Select(r => $"'{r.Revision}'"));
        sb.Append("\nPush each folder as a branch of one model repository (huggingface_hub; replace <user>/<model>), from this folder:\n\n```python\n");
        sb.Append("from huggingface_hub import HfApi\n");
        sb.Append("api, repo = HfApi(), \"<user>/<model>\"\n");
        sb.Append("api.create_repo(repo, exist_ok=True)\n");
        sb.Append("api.upload_folder(repo_id=repo, folder_path=\"main\")\n");
        sb.Append($"for branch in [{branches}]:\n");
        sb.Append("    api.create_branch(repo, branch=branch, exist_ok=True)\n");
        sb.Append("    api.upload_folder(repo_id=repo, folder_path=branch, revision=branch)\n");
        sb.Append("```\n");
        return sb.ToString();
    }
}
