// The run table's schema: tables filled by `collect` from the run directories, and views for the
// questions every analysis asks (the last evaluation of each run, suite scores as the task defines them:
// the unweighted mean over paradigms/UIDs, or with the lines' weights where a task has them — entity
// tracking's mean of file means). Accuracies are fractions in [0, 1], as in probes.jsonl; a suite with
// metric 'spearman' (the WUG tasks) holds ρ in the accuracy column. Bump Version when anything here
// changes: an older runs.db is then rebuilt from the run directories.
namespace BabyLm.Analysis;

public static class Schema
{
    public const int Version = 3;

    /// <summary>Columns of `runs` that come from run.json and the run directory; every other column is a config key.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> RunColumns =
    [
        ("run_id", "TEXT PRIMARY KEY"), ("sweep", "TEXT"), ("status", "TEXT"), ("error", "TEXT"), ("config_hash", "TEXT"),
        ("git_commit", "TEXT"), ("dotnet_version", "TEXT"), ("cpu", "TEXT"), ("isa", "TEXT"), ("threads_used", "INTEGER"),
        ("host", "TEXT"), ("started_at", "TEXT"), ("ended_at", "TEXT"), ("step", "INTEGER"), ("total_steps", "INTEGER"),
        ("words_seen", "INTEGER"), ("loss", "REAL"), ("attempts", "INTEGER"), ("slurm_job", "TEXT"),
        ("done_marker", "INTEGER"), ("metrics_lines", "INTEGER"), ("probe_lines", "INTEGER"), ("last_probe_step", "INTEGER"),
    ];

    /// <summary>A config key that collides with a provenance column is stored as "config.&lt;key&gt;".</summary>
    public static string ConfigColumn(string key) => RunColumns.Any(c => c.Name == key) ? "config." + key : key;

    public const string Tables = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE sources (run_id TEXT NOT NULL, file TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (run_id, file));
        CREATE TABLE config (run_id TEXT NOT NULL, key TEXT NOT NULL, value, PRIMARY KEY (run_id, key));
        CREATE TABLE metrics (
            run_id TEXT NOT NULL, step INTEGER NOT NULL, words_seen INTEGER, tokens_seen INTEGER, loss REAL, dev_loss REAL,
            lr REAL, grad_norm REAL, epoch INTEGER, tokens_per_s REAL, elapsed_s REAL);
        CREATE INDEX metrics_run ON metrics (run_id, step);
        CREATE TABLE probes (
            run_id TEXT NOT NULL, step INTEGER NOT NULL, words_seen INTEGER, suite TEXT NOT NULL, suite_version TEXT,
            paradigm TEXT NOT NULL, phenomenon TEXT, field TEXT, pairs INTEGER, correct INTEGER, ties INTEGER, accuracy REAL,
            scorer TEXT, tie_mode TEXT, full INTEGER, metric TEXT, weight REAL, chance REAL);
        CREATE INDEX probes_run ON probes (run_id, suite, step);
        CREATE TABLE baselines (
            baseline TEXT NOT NULL, step INTEGER, words_seen INTEGER, suite TEXT NOT NULL, suite_version TEXT,
            paradigm TEXT NOT NULL, phenomenon TEXT, field TEXT, pairs INTEGER, correct INTEGER, ties INTEGER, accuracy REAL,
            scorer TEXT, tie_mode TEXT, metric TEXT, weight REAL, chance REAL);
        """;

    /// <summary>The suite score over a group of lines: weighted where every line has a weight, else the unweighted mean.</summary>
    private const string Mean = "CASE WHEN COUNT(weight) = COUNT(*) THEN SUM(weight * {0}) / SUM(weight) ELSE AVG({0}) END";

    public static readonly string Views = $$"""
        -- One row per (run, suite, evaluation): the suite score as the task defines it (see Mean), its metric and chance level.
        CREATE VIEW suite_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, {{string.Format(null, Mean, "accuracy")}} AS accuracy, COUNT(*) AS paradigms,
                   SUM(pairs) AS pairs, SUM(ties) AS ties, MIN(full) AS full, MAX(metric) AS metric, {{string.Format(null, Mean, "chance")}} AS chance
            FROM probes GROUP BY run_id, suite, step;
        -- Phenomenon (and field) scores: unweighted means over their paradigms.
        CREATE VIEW phenomenon_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, phenomenon, AVG(accuracy) AS accuracy, COUNT(*) AS paradigms
            FROM probes GROUP BY run_id, suite, step, phenomenon;
        CREATE VIEW field_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, field, AVG(accuracy) AS accuracy, COUNT(*) AS paradigms
            FROM probes WHERE field IS NOT NULL GROUP BY run_id, suite, step, field;
        -- The last evaluation of each run on each suite (the final one for a finished run).
        CREATE VIEW last_eval AS
            SELECT run_id, suite, MAX(step) AS step FROM probes GROUP BY run_id, suite;
        CREATE VIEW last_probes AS
            SELECT p.* FROM probes p JOIN last_eval l ON p.run_id = l.run_id AND p.suite = l.suite AND p.step = l.step;
        -- The same scores at each run's last evaluation, aggregated after the join (a few rows per run, not every step).
        CREATE VIEW last_suite_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, {{string.Format(null, Mean, "accuracy")}} AS accuracy, COUNT(*) AS paradigms,
                   SUM(pairs) AS pairs, SUM(ties) AS ties, MIN(full) AS full, MAX(metric) AS metric, {{string.Format(null, Mean, "chance")}} AS chance
            FROM last_probes GROUP BY run_id, suite, step;
        CREATE VIEW last_phenomenon_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, phenomenon, AVG(accuracy) AS accuracy, COUNT(*) AS paradigms
            FROM last_probes GROUP BY run_id, suite, step, phenomenon;
        CREATE VIEW last_field_scores AS
            SELECT run_id, suite, step, MAX(words_seen) AS words_seen, field, AVG(accuracy) AS accuracy, COUNT(*) AS paradigms
            FROM last_probes WHERE field IS NOT NULL GROUP BY run_id, suite, step, field;
        CREATE VIEW last_metrics AS
            SELECT m.* FROM metrics m JOIN (SELECT run_id, MAX(step) AS step FROM metrics GROUP BY run_id) l
                ON m.run_id = l.run_id AND m.step = l.step;
        CREATE VIEW dev_losses AS
            SELECT run_id, step, words_seen, dev_loss FROM metrics WHERE dev_loss IS NOT NULL;
        CREATE VIEW baseline_suite_scores AS
            SELECT baseline, suite, {{string.Format(null, Mean, "accuracy")}} AS accuracy, COUNT(*) AS paradigms, SUM(pairs) AS pairs,
                   MAX(metric) AS metric, {{string.Format(null, Mean, "chance")}} AS chance
            FROM baselines GROUP BY baseline, suite;
        """;

    /// <summary>
    /// Types of the view columns that SQLite computes (AVG, COUNT, MAX, …) and so cannot declare, for the
    /// typed outputs (DataFrames, Parquet); every other column has its declared type. A test holds every
    /// undeclared view column to this list.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ViewColumnTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["step"] = "INTEGER", ["words_seen"] = "INTEGER", ["accuracy"] = "REAL", ["paradigms"] = "INTEGER", ["pairs"] = "INTEGER",
        ["ties"] = "INTEGER", ["full"] = "INTEGER", ["metric"] = "TEXT", ["chance"] = "REAL",
    };

    /// <summary>TEXT columns that hold UTC times (ISO-8601, from run.json): timestamps in the typed outputs.</summary>
    public static readonly IReadOnlySet<string> TimestampColumns = new HashSet<string>(StringComparer.Ordinal) { "started_at", "ended_at" };

    /// <summary>The row order of each table and view in the typed outputs: its key columns.</summary>
    public static string OrderOf(string name) => name switch
    {
        "runs" or "last_metrics" => "run_id",
        "config" => "run_id, key",
        "metrics" or "dev_losses" => "run_id, step",
        "probes" => "run_id, step, suite, paradigm",
        "baselines" => "baseline, suite, paradigm",
        "suite_scores" => "run_id, suite, step",
        "phenomenon_scores" => "run_id, suite, step, phenomenon",
        "field_scores" => "run_id, suite, step, field",
        "last_eval" or "last_suite_scores" => "run_id, suite",
        "last_probes" => "run_id, suite, paradigm",
        "last_phenomenon_scores" => "run_id, suite, phenomenon",
        "last_field_scores" => "run_id, suite, field",
        "baseline_suite_scores" => "baseline, suite",
        _ => throw new ArgumentException($"no row order for '{name}'"),
    };

    /// <summary>Tables and views with one line on each, for `query` help and error hints.</summary>
    public static readonly IReadOnlyList<(string Name, string What)> Catalogue =
    [
        ("runs", "one row per run: run_id, status, error, provenance (config_hash, git_commit, host, cpu, …) and every config key as a column (\"model.layers\", \"curriculum.order\", seed, …)"),
        ("config", "the same config in long form: run_id, key, value"),
        ("metrics", "run_id, step, words_seen, tokens_seen, loss, dev_loss, lr, grad_norm, epoch, tokens_per_s, elapsed_s"),
        ("probes", "run_id, step, words_seen, suite, suite_version, paradigm, phenomenon, field, pairs, correct, ties, accuracy, scorer, tie_mode, full, metric (accuracy or spearman), weight (a UID's share of the suite score where not equal), chance (accuracy of guessing)"),
        ("baselines", "n-gram baselines: baseline, suite, paradigm, phenomenon, field, pairs, correct, ties, accuracy, …"),
        ("suite_scores", "view: run_id, suite, step, words_seen, accuracy (the suite score: mean over paradigms, weighted where the task weights them; rho for metric spearman), paradigms, pairs, ties, full, metric, chance"),
        ("phenomenon_scores", "view: run_id, suite, step, words_seen, phenomenon, accuracy, paradigms"),
        ("field_scores", "view: run_id, suite, step, words_seen, field, accuracy, paradigms"),
        ("last_eval", "view: run_id, suite, step of the last evaluation"),
        ("last_probes", "view: probes at each run's last evaluation"),
        ("last_suite_scores", "view: suite_scores at each run's last evaluation"),
        ("last_phenomenon_scores", "view: phenomenon_scores at each run's last evaluation"),
        ("last_field_scores", "view: field_scores at each run's last evaluation"),
        ("last_metrics", "view: the last metrics line of each run"),
        ("dev_losses", "view: run_id, step, words_seen, dev_loss where evaluated"),
        ("baseline_suite_scores", "view: baseline, suite, accuracy (the suite score, as in suite_scores), paradigms, pairs, metric, chance"),
    ];
}
