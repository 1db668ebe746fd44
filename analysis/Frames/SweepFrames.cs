// A sweep's run table as Microsoft.Data.Analysis DataFrames, for notebooks: every table and view of
// runs.db with typed columns (TypedTable: int64, double, string, bool, timestamps), config keys as
// columns of Runs named as in the YAML ("model.layers", "curriculum.order", seed). Loading collects
// first (runs.db follows the run folders) and reads everything in one read transaction, so the
// frames agree with each other. Accuracies are fractions in [0, 1], as in runs.db.
//
//   var sweep = SweepFrames.Load("runs/demo");
//   var by = sweep.Conditions("name", baseline: "random");
//   var final = by.Join(sweep.SuiteScores.LastEvaluation()).Where("status", "done").AddScaled("accuracy", 100, "accuracy_pct");
//   by.Compare(final, "accuracy_pct")    // the report's main table
using BabyLm.Core;
using Microsoft.Data.Analysis;

namespace BabyLm.Analysis;

public sealed class SweepFrames
{
    private readonly IReadOnlyDictionary<string, DataFrame> _tables;

    private SweepFrames(SweepDirectory sweep, IReadOnlyList<string> configKeys, IReadOnlyDictionary<string, DataFrame> tables, CollectResult? collected)
    {
        Sweep = sweep;
        ConfigKeys = configKeys;
        _tables = tables;
        Collected = collected;
    }

    /// <summary>Loads every table and view of the sweep's run table, collecting first unless <paramref name="collect"/> is false.</summary>
    public static SweepFrames Load(string sweepDir, bool collect = true)
    {
        using var db = RunDatabase.Open(sweepDir, collect);
        using var snapshot = db.Connection.BeginTransaction(deferred: true);
        var tables = TypedTable.Names.ToDictionary(n => n, n => Frames.From(TypedTable.Read(db, n)), StringComparer.Ordinal);
        return new SweepFrames(db.Sweep, db.ConfigColumns(), tables, db.Collected);
    }

    public SweepDirectory Sweep { get; }
    public string Name => Sweep.Name;
    /// <summary>What the collect before loading did (null when loaded without collecting).</summary>
    public CollectResult? Collected { get; }
    /// <summary>The columns of <see cref="Runs"/> that are config keys, in config order.</summary>
    public IReadOnlyList<string> ConfigKeys { get; }

    /// <summary>One row per run: run_id, status, error, provenance, and a column per config key.</summary>
    public DataFrame Runs => _tables["runs"];
    /// <summary>The config in long form: run_id, key, value (as text).</summary>
    public DataFrame Config => _tables["config"];
    /// <summary>Every metrics line: run_id, step, words_seen, tokens_seen, loss, dev_loss, lr, grad_norm, epoch, tokens_per_s, elapsed_s.</summary>
    public DataFrame Metrics => _tables["metrics"];
    /// <summary>Probe scores per paradigm at every evaluation: run_id, step, words_seen, suite, paradigm, phenomenon, field, pairs, correct, ties, accuracy, ….</summary>
    public DataFrame Probes => _tables["probes"];
    /// <summary>n-gram baselines per paradigm: baseline, suite, paradigm, phenomenon, field, accuracy, ….</summary>
    public DataFrame Baselines => _tables["baselines"];
    /// <summary>Suite scores (unweighted mean over paradigms) at every evaluation: run_id, suite, step, words_seen, accuracy, paradigms, pairs, ties, full.</summary>
    public DataFrame SuiteScores => _tables["suite_scores"];
    /// <summary>Phenomenon scores at every evaluation: run_id, suite, step, words_seen, phenomenon, accuracy, paradigms.</summary>
    public DataFrame PhenomenonScores => _tables["phenomenon_scores"];
    /// <summary>Field scores at every evaluation: run_id, suite, step, words_seen, field, accuracy, paradigms.</summary>
    public DataFrame FieldScores => _tables["field_scores"];
    /// <summary>n-gram baselines' suite scores: baseline, suite, accuracy, paradigms, pairs.</summary>
    public DataFrame BaselineScores => _tables["baseline_suite_scores"];
    /// <summary>run_id, step, words_seen, dev_loss where a dev loss was measured.</summary>
    public DataFrame DevLosses => _tables["dev_losses"];

    /// <summary>Any table or view of the run table by its name in runs.db (`babylm query --help` lists them).</summary>
    public DataFrame Table(string name)
        => _tables.TryGetValue(name, out var t) ? t : throw new BabyLmException(Suggest.Unknown("run-table table or view", name, TypedTable.Names.ToList()));

    /// <summary>Suites with results, the one most runs were evaluated on first (the report's default).</summary>
    public IReadOnlyList<string> Suites
    {
        get
        {
            var probes = Probes;
            var runs = probes.Texts("run_id");
            return probes.Texts("suite").Select((s, i) => (s, run: runs[i])).Distinct().GroupBy(x => x.s)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        }
    }

    /// <summary>
    /// The conditions of a comparison, as `report --by … --baseline … --where …` defines them: see
    /// <see cref="ConditionSet"/>. <paramref name="by"/>: a config key, or several comma-separated.
    /// </summary>
    public ConditionSet Conditions(string by, string? baseline = null, params string[] where)
        => ConditionSet.Create(Runs, ConfigKeys, by, baseline, where);
}
