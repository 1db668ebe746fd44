// A sentence under construction: a list of words (lexicon forms, shared strings, no copies). Rendering
// joins them with single spaces and picks "an" before a vowel sound, so phrases can be built and moved
// (probe twins swap and move them) without caring about the article.
using System.Text;

namespace BabyLm.Corpus.Language;

internal sealed class Sentence
{
    private static readonly HashSet<string> s_consonantSoundVowels = new(StringComparer.Ordinal)
    {
        "unicorn", "unicorns", "uniform", "uniforms", "ukulele", "ukuleles", "one", "once", "useful", "usual",
    };

    private readonly List<string> _words = new(24);

    /// <summary>The word list itself, for the builders to write into.</summary>
    public List<string> W => _words;

    public int Count => _words.Count;
    public string this[int i] { get => _words[i]; set => _words[i] = value; }
    public IReadOnlyList<string> Words => _words;

    public void Clear() => _words.Clear();
    public void Add(string word) => _words.Add(word);
    public void AddRange(IEnumerable<string> words) => _words.AddRange(words);

    /// <summary>True when <paramref name="next"/> is said with a vowel sound first ("an apple", "a unicorn").</summary>
    public static bool TakesAn(string next)
        => next.Length > 0 && "aeiou".Contains(next[0]) && !s_consonantSoundVowels.Contains(next);

    /// <summary>Writes the sentence as ASCII into <paramref name="buffer"/> (growing it); returns the byte count.</summary>
    public int Render(ref byte[] buffer)
    {
        int need = _words.Count;
        foreach (var w in _words) need += w.Length + 1;
        if (buffer.Length < need) buffer = new byte[Math.Max(need, buffer.Length * 2)];
        int n = 0;
        for (int i = 0; i < _words.Count; i++)
        {
            if (i > 0) buffer[n++] = (byte)' ';
            var w = _words[i];
            if (w == "a" && i + 1 < _words.Count && TakesAn(_words[i + 1])) w = "an";
            n += Encoding.ASCII.GetBytes(w, buffer.AsSpan(n));
        }
        return n;
    }

    public override string ToString()
    {
        var buffer = new byte[64];
        int n = Render(ref buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }
}

/// <summary>Adding several words at once to a word list.</summary>
internal static class WordLists
{
    public static void Add(this List<string> w, params ReadOnlySpan<string> words)
    {
        foreach (var word in words) w.Add(word);
    }
}
