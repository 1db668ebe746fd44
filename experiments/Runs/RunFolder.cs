// The rule for the folder a run trains into, checked before anything is written there:
//   - it is new or empty (apart from this tool's lock and stray temporaries), or
//   - it is a run folder this tool wrote for the same config (config.yaml equal to the run's canonical
//     config but for where it computes: device and gpu may change, so a run resumes on the other device),
//     not yet DONE; or one whose config differs only in keys the caller explicitly allows to change on
//     resume (`train --allow-config-change optimizer.*`: optimizer and schedule keys only).
// Anything else — `/`, a user's folder of files, a folder with a stray run.json and no config.yaml, a run of
// another config — is refused with what was found, so a run never takes over a folder it did not make.
// While a run trains, the folder's lock (.lock) is held; a second trainer is refused with the holder's pid.
using BabyLm.Core;
using BabyLm.Experiments.Config;
using YamlDotNet.RepresentationModel;

namespace BabyLm.Experiments.Runs;

/// <summary>One key whose value changed between the config a run folder holds and the one it resumes with.</summary>
public sealed record ConfigChange(string Key, string From, string To);

/// <summary>A run folder held by this process: its lock, and how its config changes (empty unless allowed).</summary>
public sealed class RunFolderClaim : IDisposable
{
    private readonly FileLock? _ownLock;

    internal RunFolderClaim(string dir, FileLock? ownLock, IReadOnlyList<ConfigChange> changes, IReadOnlyList<string> accepted)
    {
        Dir = dir;
        _ownLock = ownLock;
        Changes = changes;
        AcceptedKeys = accepted;
    }

    public string Dir { get; }
    /// <summary>What differs from the config.yaml that was there (only allowed keys; empty for a plain resume).</summary>
    public IReadOnlyList<ConfigChange> Changes { get; }
    /// <summary>Key patterns under which a checkpoint of an earlier config of this run may be resumed.</summary>
    public IReadOnlyList<string> AcceptedKeys { get; }

    /// <summary>run.json's change history with this resume's changes appended (null when there never were any).</summary>
    public List<ConfigChangeRecord>? Record(List<ConfigChangeRecord>? previous, int attempt)
    {
        if (Changes.Count == 0) return previous;
        var newest = Training.Checkpoint.List(Dir).LastOrDefault() is { } f ? Path.GetFileName(f) : null;
        var now = DateTimeOffset.UtcNow;
        return [.. previous ?? [], .. Changes.Select(c => new ConfigChangeRecord { Attempt = attempt, At = now, Checkpoint = newest, Key = c.Key, From = c.From, To = c.To })];
    }

    public void Dispose() => _ownLock?.Dispose();
}

public static class RunFolder
{
    /// <summary>Top-level sections whose keys may change on resume: they steer the optimizer, not the model or the data.</summary>
    public static readonly IReadOnlyList<string> ChangeableSections = ["optimizer", "schedule"];

    /// <summary>Where a run computes: not part of its identity (RunIdentity), free to change on every resume.</summary>
    public static readonly IReadOnlyList<string> PlacementKeys = ["device", "gpu"];

    /// <summary>
    /// Checks <paramref name="dir"/> may hold the run of <paramref name="canonical"/>, creates it, takes its lock
    /// (unless the caller holds it already: <paramref name="heldLock"/>), checks again under the lock, and removes
    /// stray temporaries of killed writers.
    /// </summary>
    public static RunFolderClaim Claim(string dir, string canonical, IReadOnlyList<string>? allowChanges = null, FileLock? heldLock = null)
    {
        var full = Path.GetFullPath(dir);
        var allowed = allowChanges ?? [];
        ValidateAllowPatterns(allowed);
        Check(full, canonical, allowed);                 // before anything is written
        InputPath.OutputFolder(full, "run folder");
        Directory.CreateDirectory(full);
        var lockPath = Path.Combine(full, RunFiles.Lock);
        FileLock? own = null;
        if (heldLock is null)
        {
            own = FileLock.TryAcquire(lockPath) ?? throw new BabyLmException(
                $"run folder {full} is being trained by {FileLock.Describe(FileLock.ReadOwner(lockPath))}",
                "wait for it to finish or stop it; two trainings never share a run folder");
        }
        else if (Path.GetFullPath(heldLock.Path) != lockPath)
        {
            throw new ArgumentException($"the lock held ({heldLock.Path}) is not the lock of {full}", nameof(heldLock));
        }
        try
        {
            var changes = Check(full, canonical, allowed);      // again: another process may have written meanwhile
            AtomicFile.RemoveStaleTemporariesIn(full);
            AtomicFile.RemoveStaleTemporariesIn(Path.Combine(full, RunFiles.Checkpoints));
            // Keys changed on an earlier resume stay accepted: its checkpoints may predate the change.
            var recorded = RunInfo.TryRead(full)?.ConfigChanges ?? [];
            var accepted = allowed.Concat(recorded.Select(c => c.Key)).Distinct(StringComparer.Ordinal).ToList();
            return new RunFolderClaim(full, own, changes, accepted);
        }
        catch
        {
            own?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes nothing: throws a <see cref="BabyLmException"/> when <paramref name="dir"/> may not hold this run;
    /// returns the (allowed) config changes against the config.yaml there.
    /// </summary>
    public static IReadOnlyList<ConfigChange> Check(string dir, string canonical, IReadOnlyList<string> allowChanges)
    {
        if (File.Exists(dir)) throw new BabyLmException($"run folder '{dir}' is a file", "give a folder with --out (new or empty)");
        if (!Directory.Exists(dir)) return [];
        var entries = Directory.EnumerateFileSystemEntries(dir).Select(e => Path.GetFileName(e)!).Where(n => !Ignorable(n)).ToList();
        if (entries.Count == 0) return [];
        var configPath = Path.Combine(dir, RunFiles.Config);
        if (!File.Exists(configPath))
        {
            var shown = string.Join(", ", entries.Order(StringComparer.Ordinal).Take(5)) + (entries.Count > 5 ? $", … ({entries.Count} entries)" : "");
            throw new BabyLmException(
                $"'{dir}' is not empty and is not a run folder (it has no {RunFiles.Config}; it holds {shown}): a run trains only into a new or empty folder, or resumes a run folder this tool wrote",
                "choose another --out (by default a run gets runs/<name>-<config hash>)");
        }
        var existing = File.ReadAllText(configPath);
        IReadOnlyList<ConfigChange> changes = [];
        if (existing != canonical)
        {
            changes = Diff(existing, canonical).Where(c => !PlacementKeys.Contains(c.Key)).ToList();
            var refused = changes.Where(c => !Matches(c.Key, allowChanges)).ToList();
            bool onlyPlacement = changes.Count == 0 && Diff(existing, canonical).Count > 0;
            if (refused.Count > 0 || (changes.Count == 0 && !onlyPlacement))
            {
                var listed = changes.Count == 0 ? "its text differs" : string.Join("; ", refused.Take(6).Select(c => $"{c.Key}: {c.From} → {c.To}"))
                    + (refused.Count > 6 ? $"; … ({refused.Count} keys)" : "");
                bool changeable = refused.Count > 0 && refused.All(c => ChangeableSections.Contains(c.Key.Split('.')[0]));
                throw new BabyLmException($"run folder {dir} holds a run of another config ({configPath} differs: {listed})",
                    changeable
                        ? $"train into a new folder with --out; or, to resume this run with the new settings, add {string.Join(' ', refused.Select(c => $"--allow-config-change {c.Key}"))}"
                        : "train into a new folder with --out, or delete the old run");
            }
        }
        if (File.Exists(Path.Combine(dir, RunFiles.Done)))
            throw new BabyLmException($"run {dir} is already done (DONE marker present)", "use a new --out folder to train again");
        return changes;
    }

    /// <summary>Checks `--allow-config-change` patterns: optimizer.* / schedule.* or one key under them.</summary>
    public static void ValidateAllowPatterns(IReadOnlyList<string> patterns)
    {
        foreach (var p in patterns)
        {
            var section = p.Split('.')[0];
            if (!ChangeableSections.Contains(section))
            {
                throw new BabyLmException($"--allow-config-change {p}: only keys under {string.Join(" and ", ChangeableSections.Select(s => s + "."))} may change when a run resumes",
                    "other keys change the model, the data or the budget: train into a new folder instead");
            }
            if (p == section + ".*") continue;
            if (!BabyLm.Experiments.Sweeps.ConfigPaths.TryResolve(p, out _, out var error))
                throw new BabyLmException($"--allow-config-change {p}: {error}", $"give a key such as {section}.lr, or {section}.* for all of them");
        }
    }

    /// <summary>True when a checkpoint written under <paramref name="checkpointConfig"/> may be resumed under <paramref name="canonical"/>.</summary>
    public static bool MayResume(string checkpointConfig, string canonical, IReadOnlyList<string> acceptedKeys)
        => checkpointConfig == canonical
           || (acceptedKeys.Count > 0 && Diff(checkpointConfig, canonical) is var d && d.Count > 0 && d.All(c => Matches(c.Key, acceptedKeys)));

    /// <summary>Keys (dotted) whose values differ between two config texts, in the order of <paramref name="to"/>.</summary>
    public static IReadOnlyList<ConfigChange> Diff(string from, string to)
    {
        var a = Flatten(YamlConfig.Parse(from, "config"));
        var b = Flatten(YamlConfig.Parse(to, "config"));
        var changes = new List<ConfigChange>();
        foreach (var (key, value) in b)
            if (!a.TryGetValue(key, out var old) || old != value) changes.Add(new ConfigChange(key, a.GetValueOrDefault(key, "(absent)"), value));
        foreach (var (key, value) in a)
            if (!b.ContainsKey(key)) changes.Add(new ConfigChange(key, value, "(absent)"));
        return changes;
    }

    private static bool Matches(string key, IReadOnlyList<string> patterns)
        => patterns.Any(p => p == key || (p.EndsWith(".*", StringComparison.Ordinal) && key.StartsWith(p[..^1], StringComparison.Ordinal)));

    /// <summary>Entries a run folder may hold before its first run: its lock and stray temporaries.</summary>
    private static bool Ignorable(string name)
        => name == RunFiles.Lock || name == FileLock.OwnerFileOf(RunFiles.Lock) || AtomicFile.TryParseTemporary(name, out _, out _, out _);

    private static Dictionary<string, string> Flatten(YamlMappingNode root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            if (node is YamlMappingNode map && map.Children.Count > 0)
            {
                foreach (var (k, v) in map.Children) Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value ?? "" : $"{path}.{((YamlScalarNode)k).Value}");
                return;
            }
            result[path] = node is YamlScalarNode s ? s.Value ?? "" : YamlConfig.Write(node).Trim();
        }
        Walk(root, "");
        return result;
    }
}
