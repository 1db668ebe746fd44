// A temporary folder for one test, removed afterwards, with helpers to lay out fixture corpora.
using System.Text;

namespace BabyLm.Corpus.Tests;

public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "babylm-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (UTF-8, no BOM) under the folder, creating parents; returns its path.</summary>
    public string Write(string relative, string text) => WriteBytes(relative, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var p = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Fixture text: reproducible pseudo-sentences with punctuation, capitals and some non-ASCII letters.</summary>
public static class FixtureText
{
    private static readonly string[] Vocab =
    [
        "the", "a", "dog", "doggy", "ball", "is", "you", "want", "where", "mommy", "daddy", "look", "at", "big", "red",
        "café", "naïve", "über", "go", "went", "see", "saw", "it", "that", "this", "these", "ducks", "are", "on", "in",
    ];

    /// <summary>About <paramref name="words"/> words in lines of 1–10 words, seeded.</summary>
    public static string Lines(int words, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        int written = 0;
        while (written < words)
        {
            int n = rng.Next(1, 11);
            for (int i = 0; i < n; i++)
            {
                if (i > 0) sb.Append(rng.Next(20) == 0 ? "  " : " ");
                var w = Vocab[Math.Min(Vocab.Length - 1, (int)(Vocab.Length * Math.Pow(rng.NextDouble(), 2)))];
                sb.Append(i == 0 && rng.Next(5) == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w);
            }
            sb.Append(rng.Next(3) == 0 ? " ?" : " .");
            sb.Append('\n');
            if (rng.Next(15) == 0) sb.Append('\n'); // blank lines occur in real files
            written += n + 1;
        }
        return sb.ToString();
    }
}
