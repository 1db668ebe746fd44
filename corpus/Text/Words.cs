// Words as BabyLM counts them: `len(line.split())` in Python, i.e. maximal runs of characters that are
// not whitespace in Python's sense (str.isspace). Works on UTF-8 bytes without decoding the whole line;
// a byte that is not part of a valid UTF-8 sequence counts as a non-space character.
using System.Runtime.CompilerServices;
using System.Text;

namespace BabyLm.Corpus.Text;

public static class Words
{
    // ASCII whitespace for Python: \t \n \v \f \r, the four separators \x1c-\x1f, and space.
    private static readonly bool[] s_asciiSpace = BuildAsciiTable();

    private static bool[] BuildAsciiTable()
    {
        var t = new bool[128];
        foreach (var c in "\t\n\v\f\r\x1c\x1d\x1e\x1f ") t[c] = true;
        return t;
    }

    /// <summary>True for the code points Python's <c>str.isspace</c> accepts.</summary>
    public static bool IsSpace(int codePoint) => codePoint switch
    {
        < 128 => s_asciiSpace[codePoint],
        0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    /// <summary>
    /// Length in bytes of the whitespace character at the start of <paramref name="utf8"/>, or 0 if it
    /// does not start with whitespace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SpaceLength(ReadOnlySpan<byte> utf8)
    {
        byte b = utf8[0];
        if (b < 0x80) return s_asciiSpace[b] ? 1 : 0;
        // Every non-ASCII space starts with C2, E1, E2 or E3.
        if (b != 0xC2 && b != 0xE1 && b != 0xE2 && b != 0xE3) return 0;
        if (Rune.DecodeFromUtf8(utf8, out var rune, out int consumed) != System.Buffers.OperationStatus.Done) return 0;
        return IsSpace(rune.Value) ? consumed : 0;
    }

    /// <summary>Number of words in a UTF-8 line (or any text): Python's <c>len(text.split())</c>.</summary>
    public static int Count(ReadOnlySpan<byte> utf8)
    {
        int count = 0;
        bool inWord = false;
        int i = 0;
        while (i < utf8.Length)
        {
            byte b = utf8[i];
            if (b < 0x80)
            {
                bool space = s_asciiSpace[b];
                if (!space && !inWord) count++;
                inWord = !space;
                i++;
                continue;
            }
            int sp = SpaceLength(utf8[i..]);
            if (sp > 0) { inWord = false; i += sp; continue; }
            if (!inWord) count++;
            inWord = true;
            i++;
        }
        return count;
    }

    /// <summary>
    /// Appends to <paramref name="ends"/> the byte offset just past the last byte of each word of
    /// <paramref name="utf8"/>, in order: as many offsets as <see cref="Count(ReadOnlySpan{byte})"/> counts words,
    /// with the same notion of whitespace.
    /// </summary>
    public static void Ends(ReadOnlySpan<byte> utf8, List<int> ends)
    {
        bool inWord = false;
        int i = 0;
        while (i < utf8.Length)
        {
            byte b = utf8[i];
            int sp = b < 0x80 ? (s_asciiSpace[b] ? 1 : 0) : SpaceLength(utf8[i..]);
            if (sp > 0)
            {
                if (inWord) ends.Add(i);
                inWord = false;
                i += sp;
            }
            else
            {
                inWord = true;
                i++;
            }
        }
        if (inWord) ends.Add(utf8.Length);
    }

    /// <summary>Number of words in a string (Python's <c>len(s.split())</c>).</summary>
    public static int Count(string text)
    {
        int count = 0;
        bool inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            bool space = IsSpace(rune.Value);
            if (!space && !inWord) count++;
            inWord = !space;
        }
        return count;
    }

    /// <summary>Splits a UTF-8 line into its words (byte ranges), in order.</summary>
    public static WordEnumerator Enumerate(ReadOnlySpan<byte> utf8) => new(utf8);

    /// <summary>Splits a string into words as Python's <c>str.split()</c> does.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        int start = -1;
        int i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            bool space = IsSpace(rune.Value);
            if (space && start >= 0) { words.Add(text[start..i]); start = -1; }
            else if (!space && start < 0) start = i;
            i += rune.Utf16SequenceLength;
        }
        if (start >= 0) words.Add(text[start..]);
        return words;
    }

    public ref struct WordEnumerator
    {
        private readonly ReadOnlySpan<byte> _text;
        private int _pos;

        internal WordEnumerator(ReadOnlySpan<byte> text) { _text = text; _pos = 0; Current = default; }

        public Range Current { get; private set; }

        public readonly WordEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var t = _text;
            int i = _pos;
            while (i < t.Length)
            {
                int sp = SpaceLength(t[i..]);
                if (sp == 0) break;
                i += sp;
            }
            if (i >= t.Length) { _pos = i; return false; }
            int start = i;
            while (i < t.Length && SpaceLength(t[i..]) == 0) i++;
            Current = start..i;
            _pos = i;
            return true;
        }
    }
}
