// Benchmark input: a reproducible text with the statistics of real BabyLM data that matter for speed —
// a Zipfian vocabulary of tens of thousands of word types (many rare ones), utterances of varying length,
// punctuation and capitals — written as a BabyLM 2024 corpus folder. Not language: just its shape.
using System.Text;
using BabyLm.Core;

namespace BabyLm.Experiments.Bench;

public static class ZipfText
{
    /// <summary>Writes about <paramref name="words"/> words into <c>dir/train_bench/{a,b,c}.train</c> and a dev split.</summary>
    public static void WriteCorpus(string dir, long words, long seed = 1, int types = 60_000)
    {
        var rng = Rng.Stream(seed, "zipf-text");
        var vocab = new string[types];
        const string letters = "etaoinshrdlcumwfgypbvkjxqz";
        for (int i = 0; i < types; i++)
        {
            int len = 2 + (int)Math.Min(10, Math.Log(i + 2) * 0.9 + rng.NextInt(3));
            var sb = new StringBuilder(len);
            for (int k = 0; k < len; k++) sb.Append(letters[Math.Min(letters.Length - 1, (int)(-Math.Log(1 - rng.NextDouble()) * 6))]);
            vocab[i] = sb.ToString();
        }
        // Zipf (s = 1) by inverse CDF over the harmonic numbers.
        var cdf = new double[types];
        double h = 0;
        for (int i = 0; i < types; i++) { h += 1.0 / (i + 1); cdf[i] = h; }
        for (int i = 0; i < types; i++) cdf[i] /= h;
        string[] punct = [" .", " ?", " !", " ,"];

        Directory.CreateDirectory(Path.Combine(dir, "train_bench"));
        Directory.CreateDirectory(Path.Combine(dir, "dev"));
        string[] sources = ["a", "b", "c"];
        long perSource = words / sources.Length;
        foreach (var (source, index) in sources.Select((s, i) => (s, i)))
        {
            WriteFile(Path.Combine(dir, "train_bench", source + ".train"), perSource, rng, vocab, cdf, punct);
            WriteFile(Path.Combine(dir, "dev", source + ".dev"), Math.Max(100, perSource / 100), rng, vocab, cdf, punct);
        }
    }

    private static void WriteFile(string path, long words, Rng rng, string[] vocab, double[] cdf, string[] punct)
    {
        AtomicFile.Write(path, stream => WriteLines(stream, words, rng, vocab, cdf, punct));
    }

    private static void WriteLines(Stream stream, long words, Rng rng, string[] vocab, double[] cdf, string[] punct)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20, leaveOpen: true) { NewLine = "\n" };
        long written = 0;
        var line = new StringBuilder();
        while (written < words)
        {
            int len = 1 + rng.NextInt(12);
            line.Clear();
            for (int k = 0; k < len; k++)
            {
                int idx = Array.BinarySearch(cdf, rng.NextDouble());
                if (idx < 0) idx = ~idx;
                var word = vocab[Math.Min(idx, vocab.Length - 1)];
                if (k > 0) line.Append(' ');
                if (k == 0 && rng.NextInt(4) == 0) line.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                else line.Append(word);
            }
            line.Append(punct[rng.NextInt(punct.Length)]);
            w.Write(line);
            w.Write('\n');
            written += len + 1;
        }
    }
}
