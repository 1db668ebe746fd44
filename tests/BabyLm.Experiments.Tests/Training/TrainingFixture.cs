// A small corpus and tiny run configs for trainer tests: a few thousand words of child-directed-like
// lines in the BabyLM 2024 layout, a 300-token tokenizer, and models that train in seconds.
using System.Text;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Training;

public sealed class TrainingFixture : IDisposable
{
    public TrainingFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "babylm-train-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(Root, "corpus", "train_10M"));
        Directory.CreateDirectory(Path.Combine(Root, "corpus", "dev"));
        File.WriteAllText(Path.Combine(Root, "corpus", "train_10M", "childes.train"), Lines(6000, 1));
        File.WriteAllText(Path.Combine(Root, "corpus", "train_10M", "stories.train"), Lines(3000, 2));
        File.WriteAllText(Path.Combine(Root, "corpus", "dev", "childes.dev"), Lines(600, 3));
    }

    public string Root { get; }
    public string Corpus => Path.Combine(Root, "corpus");
    public string Cache => Path.Combine(Root, "cache");

    public string NewRunDir(string name) => Path.Combine(Root, "runs", name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>A tiny run config as YAML text (overrides applied by the caller).</summary>
    public string Yaml(string extra = "") => $"""
        name: tiny
        seed: 3
        threads: 2
        data:
          corpus: {Corpus}
          vocab: 300
          cache: {Cache}
        model:
          layers: 2
          heads: 2
          width: 32
          context: 32
        batch:
          sequences: 4
        budget:
          steps: 30
        optimizer:
          lr: 0.003
        eval:
          every_steps: 10
          dev_tokens: 512
        checkpoint:
          every_steps: 10
        log:
          every_steps: 5
        {extra}
        """;

    public RunConfig Config(string extra = "", params string[] overrides)
    {
        var root = YamlConfig.Parse(Yaml(extra), "test.yaml");
        YamlConfig.ApplyOverrides(root, overrides);
        return YamlConfig.Bind<RunConfig>(root, "test.yaml");
    }

    private static string Lines(int count, int seed)
    {
        string[] subjects = ["the doggy", "mommy", "daddy", "the kitty", "you", "the baby", "the big truck", "we"];
        string[] verbs = ["sees", "wants", "has", "likes", "finds", "eats"];
        string[] objects = ["the ball", "a cookie", "the red cup", "some milk", "the duck", "it"];
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            switch (rng.Next(4))
            {
                case 0: sb.Append($"where is {objects[rng.Next(objects.Length)]} ?"); break;
                case 1: sb.Append($"look at {objects[rng.Next(objects.Length)]} ."); break;
                default: sb.Append($"{subjects[rng.Next(subjects.Length)]} {verbs[rng.Next(verbs.Length)]} {objects[rng.Next(objects.Length)]} ."); break;
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
