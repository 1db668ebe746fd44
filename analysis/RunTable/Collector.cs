// `collect`: brings <sweep>/runs.db up to date with the run directories, which stay the source of
// truth. Idempotent and incremental: each input file's size and modification time is recorded, a
// collect whose inputs are unchanged writes nothing at all, and one whose inputs changed re-reads only
// the metrics/probes of the runs that changed, in one transaction (a reader sees the old table or the
// new one, never a mix). Run directories that disappeared lose their rows. The `runs` and `config`
// tables are rebuilt every time from config.yaml and run.json (small files), so new config keys need
// no migration. A run whose files cannot be read is kept with status "invalid" and the reason.
// Lines repeated by a resumed run (same step logged twice) keep the last occurrence.
using System.Globalization;
using System.Text;
using BabyLm.Core;
using BabyLm.Experiments.Runs;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BabyLm.Analysis;

/// <summary>What a collect found and did.</summary>
public sealed record CollectResult
{
    public required string Database { get; init; }
    public required int Runs { get; init; }
    /// <summary>Runs per status (pending, running, done, failed, interrupted, invalid).</summary>
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }
    /// <summary>Runs whose metrics or probes were (re)read.</summary>
    public required int Updated { get; init; }
    /// <summary>Runs whose directories are gone and whose rows were removed.</summary>
    public required int Removed { get; init; }
    /// <summary>True when nothing had changed and runs.db was left untouched.</summary>
    public required bool UpToDate { get; init; }
    public required long MetricsRows { get; init; }
    public required long ProbeRows { get; init; }
    public required long BaselineRows { get; init; }
    /// <summary>Runs that could not be read: "id: reason".</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public string Summary()
    {
        var statuses = string.Join(", ", ByStatus.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {kv.Key}"));
        var what = UpToDate ? "up to date" : $"updated {Updated} run(s)" + (Removed > 0 ? $", removed {Removed}" : "");
        return $"{Database}: {what}; {Runs} run(s) ({(statuses.Length > 0 ? statuses : "none")}), "
            + $"{MetricsRows:N0} metrics rows, {ProbeRows:N0} probe rows, {BaselineRows:N0} baseline rows";
    }
}

public static class Collector
{
    static Collector() => NativeSqlite.Register();

    /// <summary>Statuses in the order they are reported; "invalid" marks a run whose files could not be read.</summary>
    public static readonly IReadOnlyList<string> Statuses = [.. RunFiles.Status.All, "invalid"];

    /// <summary>Builds or updates runs.db of <paramref name="sweepDir"/>.</summary>
    public static CollectResult Collect(string sweepDir)
    {
        var sweep = SweepDirectory.Open(sweepDir);
        var inputs = sweep.RunDirs.Select(d => new RunInputs(d)).ToList();
        string inputsKey = InputsKey(sweep, inputs);

        using (var probe = TryOpenCurrent(sweep.DatabasePath))
        {
            if (probe is not null && ReadMeta(probe, "inputs") == inputsKey)
                return Summarise(probe, sweep, updated: 0, removed: 0, upToDate: true, problems: ReadProblems(probe));
        }

        using var db = OpenOrCreate(sweep.DatabasePath);
        using var tx = db.BeginTransaction();
        var known = new Dictionary<(string, string), string>();
        using (var cmd = Command(db, tx, "SELECT run_id, file, fingerprint FROM sources"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) known[(r.GetString(0), r.GetString(1))] = r.GetString(2);

        // Runs that are gone.
        var present = inputs.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var gone = known.Keys.Select(k => k.Item1).Distinct().Where(id => !present.Contains(id)).Order(StringComparer.Ordinal).ToList();
        foreach (var id in gone) DeleteRun(db, tx, id, "metrics", "probes", "sources");

        // Runs: provenance and config always; metrics and probes when their files changed. A second
        // thread reads and parses the files while this one writes, in run order.
        var rows = new List<RunRow>();
        var problems = new List<string>();
        int updated = 0;
        foreach (var run in ReadAhead(inputs, run => Load(run, sweep.Name, known)))
        {
            rows.Add(run.Row);
            if (run.Row.Status == "invalid") problems.Add($"{run.Row.Id}: {run.Row.Error}");
            if (run.MetricsChanged)
            {
                DeleteRun(db, tx, run.Row.Id, "metrics");
                if (run.Metrics is not null) InsertMetrics(db, run.Row.Id, run.Metrics);
                SetSource(db, tx, run.Row.Id, RunFiles.Metrics, run.MetricsFingerprint);
            }
            if (run.ProbesChanged)
            {
                DeleteRun(db, tx, run.Row.Id, "probes");
                if (run.Probes is not null) InsertProbes(db, run.Row.Id, run.Probes);
                SetSource(db, tx, run.Row.Id, RunFiles.Probes, run.ProbesFingerprint);
            }
            if (run.MetricsChanged || run.ProbesChanged) updated++;
        }

        RebuildRuns(db, tx, rows);
        ReloadBaselines(db, tx, sweep);
        bool clean = problems.Count == 0;
        WriteMeta(db, tx, "inputs", clean ? inputsKey : "retry: some runs were unreadable");
        WriteMeta(db, tx, "problems", string.Join("\n", problems));
        WriteMeta(db, tx, "sweep", sweep.Name);
        tx.Commit();
        return Summarise(db, sweep, updated, gone.Count, upToDate: false, problems);
    }

    // ---- reading one run ----------------------------------------------------------------------

    /// <summary>The files of one run directory and their fingerprints (size and modification time).</summary>
    private sealed class RunInputs(string dir)
    {
        public string Dir { get; } = dir;
        public string Id { get; } = Path.GetFileName(dir);
        public string PathOf(string file) => Path.Combine(Dir, file);

        public string Fingerprint(string file)
        {
            var info = new FileInfo(PathOf(file));
            return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "-";
        }

        public string Key()
            => string.Join("|", new[] { RunFiles.Config, RunFiles.Info, RunFiles.Metrics, RunFiles.Probes, RunFiles.Done }
                .Select(f => $"{f}={Fingerprint(f)}"));
    }

    private sealed class RunRow
    {
        public required string Id { get; init; }
        public required string Sweep { get; init; }
        public required string Status { get; set; }
        public string? Error { get; set; }
        public RunInfo? Info { get; init; }
        public bool DoneMarker { get; init; }
        public List<KeyValuePair<string, object?>> Config { get; init; } = [];
    }

    /// <summary>A run read from its directory: its row, and its metrics and probes where their files changed.</summary>
    private sealed record LoadedRun(RunRow Row, string MetricsFingerprint, string ProbesFingerprint, bool MetricsChanged, bool ProbesChanged,
        List<MetricsLine>? Metrics, List<ProbeLine>? Probes);

    private static LoadedRun Load(RunInputs run, string sweepName, IReadOnlyDictionary<(string, string), string> known)
    {
        var row = ReadRun(run, sweepName);
        string metricsFp = run.Fingerprint(RunFiles.Metrics), probesFp = run.Fingerprint(RunFiles.Probes);
        bool Changed(string file, string fp) => !known.TryGetValue((run.Id, file), out var old) || old != fp;
        List<MetricsLine>? metrics = null;
        List<ProbeLine>? probes = null;
        if (row.Status != "invalid")
        {
            try
            {
                if (Changed(RunFiles.Metrics, metricsFp)) metrics = RunFiles.ReadLines<MetricsLine>(run.PathOf(RunFiles.Metrics));
                if (Changed(RunFiles.Probes, probesFp)) probes = RunFiles.ReadLines<ProbeLine>(run.PathOf(RunFiles.Probes));
            }
            catch (BabyLmException ex)
            {
                // A damaged line: keep the run, marked, and say why (a later collect retries once the file changes).
                row.Status = "invalid";
                row.Error = ex.Message;
                (metrics, probes) = (null, null);
            }
        }
        // An unreadable run has no metrics or probes rows; its sources say so, so that any change is re-read.
        if (row.Status == "invalid") (metricsFp, probesFp) = ("invalid", "invalid");
        return new LoadedRun(row, metricsFp, probesFp, Changed(RunFiles.Metrics, metricsFp), Changed(RunFiles.Probes, probesFp), metrics, probes);
    }

    /// <summary>Maps <paramref name="items"/> on a background thread, at most a few ahead of the consumer, in order.</summary>
    private static IEnumerable<TOut> ReadAhead<TIn, TOut>(IEnumerable<TIn> items, Func<TIn, TOut> map)
    {
        using var queue = new System.Collections.Concurrent.BlockingCollection<TOut>(boundedCapacity: 4);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try { foreach (var item in items) queue.Add(map(item), stop.Token); }
            finally { queue.CompleteAdding(); }
        });
        try
        {
            foreach (var result in queue.GetConsumingEnumerable()) yield return result;
        }
        finally
        {
            stop.Cancel(); // the consumer stopped early (an error): release a producer blocked on a full queue
            try { producer.GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { }
        }
    }

    private static RunRow ReadRun(RunInputs run, string sweepName)
    {
        bool done = File.Exists(run.PathOf(RunFiles.Done));
        try
        {
            var info = RunInfo.TryRead(run.Dir);
            var configPath = run.PathOf(RunFiles.Config);
            var config = File.Exists(configPath) ? ConfigFlattener.Flatten(File.ReadAllText(configPath), configPath) : [];
            return new RunRow
            {
                // The DONE marker is the word on a finished run (as the sweep store reads it); otherwise run.json's status.
                Id = run.Id, Sweep = string.IsNullOrEmpty(info?.Sweep) ? sweepName : info.Sweep,
                Status = done ? RunFiles.Status.Done : info?.Status ?? RunFiles.Status.Pending, Error = info?.Error, Info = info, DoneMarker = done,
                Config = config,
            };
        }
        catch (BabyLmException ex)
        {
            return new RunRow { Id = run.Id, Sweep = sweepName, Status = "invalid", Error = ex.Message, DoneMarker = done };
        }
    }

    // ---- writing ---------------------------------------------------------------------------------

    private static readonly string[] s_metricsColumns =
        ["run_id", "step", "words_seen", "tokens_seen", "loss", "dev_loss", "lr", "grad_norm", "epoch", "tokens_per_s", "elapsed_s"];
    private static readonly string[] s_probeColumns =
        ["run_id", "step", "words_seen", "suite", "suite_version", "paradigm", "phenomenon", "field", "pairs", "correct", "ties", "accuracy", "scorer", "tie_mode", "full",
            "metric", "weight", "chance"];
    private static readonly string[] s_baselineColumns =
        ["baseline", "step", "words_seen", "suite", "suite_version", "paradigm", "phenomenon", "field", "pairs", "correct", "ties", "accuracy", "scorer", "tie_mode",
            "metric", "weight", "chance"];

    private static void InsertMetrics(SqliteConnection db, string runId, List<MetricsLine> lines)
    {
        // A resumed run logs some steps again: the later line wins.
        var byStep = new Dictionary<long, MetricsLine>();
        foreach (var l in lines) byStep[l.Step] = l;
        BulkInsert(db, "metrics", s_metricsColumns, byStep.Values.OrderBy(l => l.Step).Select(l => new object?[]
        {
            runId, l.Step, l.WordsSeen, l.TokensSeen, Real(l.Loss), Real(l.DevLoss), Real(l.Lr), Real(l.GradNorm), l.Epoch, Real(l.TokensPerS), Real(l.ElapsedS),
        }));
    }

    private static void InsertProbes(SqliteConnection db, string runId, List<ProbeLine> lines)
    {
        var byKey = new Dictionary<(long, string, string), ProbeLine>();
        foreach (var l in lines) byKey[(l.Step, l.Suite, l.Paradigm)] = l;
        BulkInsert(db, "probes", s_probeColumns, byKey.Values
            .OrderBy(l => l.Step).ThenBy(l => l.Suite, StringComparer.Ordinal).ThenBy(l => l.Paradigm, StringComparer.Ordinal)
            .Select(l => new object?[]
            {
                runId, l.Step, l.WordsSeen, l.Suite, l.SuiteVersion, l.Paradigm, l.Phenomenon, l.Field, l.Pairs, l.Correct, l.Ties,
                Real(l.Accuracy), l.Scorer, l.TieMode, l.Full ? 1 : 0, l.Metric ?? "accuracy", l.Weight, Chance(l),
            }));
    }

    /// <summary>A line's chance level: as written, else ½ for accuracy (pairs) and 0 for ρ.</summary>
    private static double Chance(ProbeLine l) => l.Chance ?? (l.Metric == "spearman" ? 0 : 0.5);

    private static void ReloadBaselines(SqliteConnection db, SqliteTransaction tx, SweepDirectory sweep)
    {
        Execute(db, tx, "DELETE FROM baselines");
        var byKey = new Dictionary<(string, string, string), ProbeLine>();
        foreach (var l in RunFiles.ReadLines<ProbeLine>(sweep.BaselinesPath)) byKey[(l.Baseline ?? "unnamed", l.Suite, l.Paradigm)] = l;
        BulkInsert(db, "baselines", s_baselineColumns, byKey.Values
            .OrderBy(l => l.Baseline ?? "unnamed", StringComparer.Ordinal).ThenBy(l => l.Suite, StringComparer.Ordinal).ThenBy(l => l.Paradigm, StringComparer.Ordinal)
            .Select(l => new object?[]
            {
                l.Baseline ?? "unnamed", l.Step, l.WordsSeen, l.Suite, l.SuiteVersion, l.Paradigm, l.Phenomenon, l.Field, l.Pairs, l.Correct, l.Ties,
                Real(l.Accuracy), l.Scorer, l.TieMode, l.Metric ?? "accuracy", l.Weight, Chance(l),
            }));
    }

    /// <summary>
    /// Inserts rows through one prepared statement bound by position with SQLite's own API: the ADO.NET
    /// layer binds parameters by name on every execution, which costs more than the insert itself at
    /// a few hundred thousand rows. Runs inside the connection's open transaction.
    /// </summary>
    private static void BulkInsert(SqliteConnection db, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})";
        Check(db, raw.sqlite3_prepare_v2(db.Handle, sql, out sqlite3_stmt stmt));
        using (stmt)
        {
            foreach (var row in rows)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    int rc = row[i] switch
                    {
                        null => raw.sqlite3_bind_null(stmt, i + 1),
                        long l => raw.sqlite3_bind_int64(stmt, i + 1, l),
                        int n => raw.sqlite3_bind_int64(stmt, i + 1, n),
                        double d => raw.sqlite3_bind_double(stmt, i + 1, d),
                        string t => raw.sqlite3_bind_text(stmt, i + 1, t),
                        var other => throw new ArgumentException($"cannot store a {other.GetType().Name} in {table}"),
                    };
                    Check(db, rc);
                }
                int step = raw.sqlite3_step(stmt);
                if (step != raw.SQLITE_DONE) Check(db, step);
                Check(db, raw.sqlite3_reset(stmt));
            }
        }
    }

    private static void Check(SqliteConnection db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(db.Handle).utf8_to_string()}", rc);
    }

    /// <summary>Recreates `runs` (provenance + one column per config key, in first-seen order) and `config`.</summary>
    private static void RebuildRuns(SqliteConnection db, SqliteTransaction tx, List<RunRow> rows)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
            foreach (var (k, _) in row.Config)
                if (seen.Add(k)) keys.Add(k);
        var configColumns = keys.Select(Schema.ConfigColumn).ToList();

        Execute(db, tx, "DROP TABLE IF EXISTS runs");
        var columns = Schema.RunColumns.Select(c => $"{Quote(c.Name)} {c.Type}").Concat(configColumns.Select(Quote));
        Execute(db, tx, $"CREATE TABLE runs ({string.Join(", ", columns)})");
        Execute(db, tx, "DELETE FROM config");

        var all = Schema.RunColumns.Select(c => c.Name).Concat(configColumns).ToList();
        using var insert = Command(db, tx,
            $"INSERT INTO runs ({string.Join(", ", all.Select(Quote))}) VALUES ({string.Join(", ", all.Select((_, i) => $"$p{i}"))})");
        var p = Parameters(insert, all.Select((_, i) => $"$p{i}").ToArray());
        using var insertConfig = Command(db, tx, "INSERT INTO config (run_id, key, value) VALUES ($r, $k, $v)");
        var pc = Parameters(insertConfig, "$r", "$k", "$v");
        using var counts = Command(db, tx, """
            SELECT (SELECT COUNT(*) FROM metrics WHERE run_id = $r), (SELECT COUNT(*) FROM probes WHERE run_id = $r),
                   (SELECT MAX(step) FROM probes WHERE run_id = $r)
            """);
        var pr = Parameters(counts, "$r");

        foreach (var row in rows)
        {
            pr[0].Value = row.Id;
            long metricsLines, probeLines;
            object lastProbe;
            using (var r = counts.ExecuteReader())
            {
                r.Read();
                metricsLines = r.GetInt64(0);
                probeLines = r.GetInt64(1);
                lastProbe = r.IsDBNull(2) ? DBNull.Value : r.GetInt64(2);
            }
            var i = row.Info;
            object?[] values =
            [
                row.Id, row.Sweep, row.Status, row.Error, i?.ConfigHash, i?.GitCommit, i?.DotnetVersion, i?.Cpu, i?.Isa, i?.Threads,
                i?.Host, Time(i?.StartedAt), Time(i?.EndedAt), i?.Step, i?.TotalSteps, i?.WordsSeen, i?.Loss, i?.Attempts, i?.SlurmJob,
                row.DoneMarker ? 1 : 0, metricsLines, probeLines, lastProbe,
            ];
            for (int k = 0; k < values.Length; k++) p[k].Value = values[k] ?? DBNull.Value;
            var config = row.Config.ToDictionary(kv => Schema.ConfigColumn(kv.Key), kv => kv.Value, StringComparer.Ordinal);
            for (int k = 0; k < configColumns.Count; k++)
                p[values.Length + k].Value = config.TryGetValue(configColumns[k], out var v) && v is not null ? v : DBNull.Value;
            insert.ExecuteNonQuery();

            pc[0].Value = row.Id;
            foreach (var (k, v) in row.Config)
            {
                pc[1].Value = k;
                pc[2].Value = v ?? DBNull.Value;
                insertConfig.ExecuteNonQuery();
            }
        }
    }

    private static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static object? Real(double? v) => v is { } d && !double.IsNaN(d) ? d : null;

    // ---- the database file ----------------------------------------------------------------------

    /// <summary>Opens runs.db if it exists with the current schema; null otherwise (missing, old or damaged).</summary>
    private static SqliteConnection? TryOpenCurrent(string path)
    {
        if (!File.Exists(path)) return null;
        var db = Connect(path, readOnly: false);
        try
        {
            if (ReadMeta(db, "schema_version") == Schema.Version.ToString(CultureInfo.InvariantCulture)) return db;
        }
        catch (SqliteException)
        {
            // Not a database, or not ours: rebuilt below.
        }
        db.Dispose();
        return null;
    }

    private static SqliteConnection OpenOrCreate(string path)
    {
        if (TryOpenCurrent(path) is { } current) return current;
        // Missing, from an older schema, or damaged: it is derived data, so start afresh.
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-journal", path + "-wal", path + "-shm" }) AtomicFile.TryDelete(f);
        var db = Connect(path, readOnly: false);
        using var tx = db.BeginTransaction();
        Execute(db, tx, Schema.Tables);
        Execute(db, tx, Schema.Views);
        Execute(db, tx, "CREATE TABLE runs (run_id TEXT PRIMARY KEY)");
        WriteMeta(db, tx, "schema_version", Schema.Version.ToString(CultureInfo.InvariantCulture));
        tx.Commit();
        return db;
    }

    internal static SqliteConnection Connect(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // no file handle outlives the connection (the folder may be moved or deleted)
            DefaultTimeout = 60,
        };
        var db = new SqliteConnection(builder.ToString());
        db.Open();
        return db;
    }

    private static string InputsKey(SweepDirectory sweep, List<RunInputs> inputs)
    {
        var sb = new StringBuilder();
        sb.Append("schema=").Append(Schema.Version).Append('\n');
        foreach (var f in new[] { SweepDirectory.Baselines, SweepDirectory.Spec })
        {
            var info = new FileInfo(Path.Combine(sweep.Root, f));
            sb.Append(f).Append('=').Append(info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "-").Append('\n');
        }
        foreach (var run in inputs) sb.Append(run.Id).Append(':').Append(run.Key()).Append('\n');
        return Hashing.Sha256Hex(sb.ToString());
    }

    private static CollectResult Summarise(SqliteConnection db, SweepDirectory sweep, int updated, int removed, bool upToDate, IReadOnlyList<string> problems)
    {
        var byStatus = Statuses.ToDictionary(s => s, _ => 0);
        using (var cmd = Command(db, null, "SELECT status, COUNT(*) FROM runs GROUP BY status"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) byStatus[r.GetString(0)] = r.GetInt32(1);
        return new CollectResult
        {
            Database = sweep.DatabasePath, Runs = byStatus.Values.Sum(), ByStatus = byStatus, Updated = updated, Removed = removed,
            UpToDate = upToDate, MetricsRows = Scalar(db, "SELECT COUNT(*) FROM metrics"), ProbeRows = Scalar(db, "SELECT COUNT(*) FROM probes"),
            BaselineRows = Scalar(db, "SELECT COUNT(*) FROM baselines"), Problems = problems,
        };
    }

    private static List<string> ReadProblems(SqliteConnection db)
        => (ReadMeta(db, "problems") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string? ReadMeta(SqliteConnection db, string key)
    {
        using var cmd = Command(db, null, "SELECT value FROM meta WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    private static void WriteMeta(SqliteConnection db, SqliteTransaction tx, string key, string value)
        => Execute(db, tx, "INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));

    private static void SetSource(SqliteConnection db, SqliteTransaction tx, string runId, string file, string fingerprint)
        => Execute(db, tx, "INSERT OR REPLACE INTO sources (run_id, file, fingerprint) VALUES ($r, $f, $p)", ("$r", runId), ("$f", file), ("$p", fingerprint));

    private static void DeleteRun(SqliteConnection db, SqliteTransaction tx, string runId, params string[] tables)
    {
        foreach (var t in tables) Execute(db, tx, $"DELETE FROM {t} WHERE run_id = $r", ("$r", runId));
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = Command(db, null, sql);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Execute(SqliteConnection db, SqliteTransaction tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(db, tx, sql);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        cmd.ExecuteNonQuery();
    }

    private static SqliteParameter[] Parameters(SqliteCommand cmd, params string[] names)
        => names.Select(n => cmd.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();

    /// <summary>SQL identifier quoting: "model.layers".</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
