// Bad sweep specs: every problem anywhere in the spec and in every run it expands to is reported in
// one error, each with its key path (and line where there is one), before anything runs.
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

public sealed class SweepValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private BabyLmException Fails(string yaml, string file = "bad.yaml")
        => Assert.Throws<BabyLmException>(() => SweepPlan.Load(_dir.Write(file, yaml)));

    [Fact]
    public void Unknown_keys_and_invalid_values_anywhere_are_reported_together_with_key_paths()
    {
        var ex = Fails("""
            name: bad
            seeds: [1, 2]
            base:
              data: {corpus: c.txt}
              budget: {steps: 10}
              modle: {width: 32}
            grid:
              model.widht: [32, 64]
              optimizer.lr: [1e-3, fast]
              model.heads: [2, 0]
            zip:
              - {curriculum.pacing: [linear, sqrt], curriculum.scorer: [length, wordy]}
            exclude:
              - {model.layer: 2}
            """);
        var m = ex.Message;
        Assert.StartsWith("invalid sweep (", m);
        Assert.Contains("bad.yaml:6: base.modle: unknown key 'modle' (did you mean 'model'?)", m);
        Assert.Contains("grid.model.widht: unknown key 'widht' (did you mean 'width'?)", m);
        Assert.Contains("bad.yaml:9: grid.optimizer.lr[1]: 'fast' is not a number", m);
        Assert.Contains("exclude[0].model.layer: unknown key 'layer' (did you mean 'layers'?)", m);
        // …and what is left is still expanded and checked run by run.
        Assert.Contains("model.heads: 0 is out of range; allowed: 1 to 256 (in runs with model.heads=0: 4 of 8 runs)", m);
        Assert.Contains("curriculum.pacing: unknown value 'sqrt'", m);
        Assert.Contains("curriculum.scorer: unknown value 'wordy'", m);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void Values_that_bind_but_fail_validation_name_the_key_and_the_runs_they_hit()
    {
        var ex = Fails("""
            name: bad
            base: {data: {corpus: c.txt}, budget: {steps: 10}, model: {width: 32}}
            grid:
              model.heads: [2, 0, 3]
              curriculum.pacing: [linear, sqrt]
            seeds: [1, 2]
            """);
        var m = ex.Message;
        Assert.Contains("model.heads: 0 is out of range; allowed: 1 to 256 (in runs with model.heads=0: 4 of 12 runs)", m);
        Assert.Contains("model.width: width 32 is not divisible by heads 3 (in runs with model.heads=3: 4 of 12 runs)", m);
        Assert.Contains("curriculum.pacing: unknown value 'sqrt'", m);
        Assert.Contains("(in runs with curriculum.pacing=sqrt: 6 of 12 runs)", m);
    }

    [Fact]
    public void Excluding_the_invalid_combinations_makes_the_sweep_valid()
    {
        var plan = SweepPlan.Load(_dir.Write("ok.yaml", """
            base: {data: {corpus: c.txt}, budget: {steps: 10}}
            grid:
              model.width: [32, 48]
              model.heads: [2, 5]
            exclude:
              - {model.width: 32, model.heads: 5}
              - {model.width: 48, model.heads: 5}
            """));
        Assert.Equal(2, plan.Runs.Count);
        Assert.Equal(2, plan.Excluded);
    }

    [Fact]
    public void Structural_mistakes_are_reported_together()
    {
        var ex = Fails("""
            name: "my sweep!"
            grids: {}
            base: {data: {corpus: c.txt}, budget: {steps: 10}}
            grid:
              model.width: 32
              model.layers: []
              optimizer.lr: [1e-3, 0.001]
            zip:
              - {model.heads: [1, 2], model.context: [16, 32, 64]}
              - {model.width: [16, 32]}
            seeds: [1, -2]
            exclude:
              - {model.heads: 7}
            """);
        var m = ex.Message;
        Assert.Contains("name: 'my sweep!' cannot name a folder", m);
        Assert.Contains("grids: unknown sweep key 'grids' (did you mean 'grid'?)", m);
        Assert.Contains("grid.model.width: expected a list of values, e.g. [32]", m);
        Assert.Contains("grid.model.layers: an empty list gives no runs", m);
        Assert.Contains("grid.optimizer.lr[1]: repeats the value of grid.optimizer.lr[0]", m);
        Assert.Contains("zip[0]: the lists of a zip group must have the same length; here: model.heads has 2, model.context has 3", m);
        Assert.Contains("zip[1].model.width: 'model.width' already varies in grid.model.width", m);
        Assert.Contains("seeds[1]: -2 is negative", m);
    }

    [Fact]
    public void An_exclude_rule_that_matches_nothing_is_an_error()
    {
        var ex = Fails("""
            base: {data: {corpus: c.txt}, budget: {steps: 10}}
            grid: {model.width: [32, 64]}
            exclude:
              - {model.width: 128}
            """);
        Assert.Contains("exclude[0]: matches no run of the grid", ex.Message);
    }

    [Fact]
    public void A_missing_include_and_problems_inside_an_include_name_their_file()
    {
        _dir.Write("inc.yaml", "model: {widht: 3}\n");
        var ex = Fails("include: inc.yaml\nbase: {budget: {steps: 10}}\n");
        Assert.Contains("inc.yaml:1: model.widht: unknown key 'widht'", ex.Message);
        var missing = Fails("include: nope.yaml\n", "missing.yaml");
        Assert.Contains("include: 'nope.yaml' does not exist", missing.Message);
    }

    [Fact]
    public void Runs_that_collapse_to_the_same_config_are_an_error()
    {
        var ex = Fails("""
            base: {data: {corpus: c.txt}, budget: {steps: 10}}
            grid:
              model.width: [32, 64]
              model: [{layers: 1}, {layers: 1, width: 64}]
            """);
        Assert.Contains("runs [model.width=32 model={layers: 1, width: 64}] and [model.width=64 model={layers: 1}] and [model.width=64 model={layers: 1, width: 64}] resolve to the same config", ex.Message);
        Assert.Contains("a swept key has no effect or repeats a value", ex.Message);
    }

    [Fact]
    public void Problems_in_a_run_config_point_at_the_lines_of_the_file()
    {
        var path = _dir.Write("run.yaml", "data: {corpus: c.txt}\nbudget: {steps: 10}\nmodel: {width: wide, heads: 2}\noptimizer:\n  lr: -1\n  betas: 3\n");
        var ex = Assert.Throws<BabyLmException>(() => Experiments.Config.YamlConfig.Load<Experiments.Training.RunConfig>(path));
        Assert.Contains("run.yaml:3: model.width: 'wide' is not an integer", ex.Message);
        Assert.Contains("run.yaml:6: optimizer.betas: unknown key 'betas'", ex.Message);
        Assert.Contains("optimizer.lr: -1 is out of range", ex.Message);
    }
}
