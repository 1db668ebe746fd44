// The GPT-2 pre-tokenizer (as used by Hugging Face's ByteLevel pre-tokenizer), written out by hand over
// UTF-8 bytes so that any byte sequence — invalid UTF-8 included — splits, and splits fast. It matches
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with \s the Unicode White_Space set. A byte that does not start a valid UTF-8 sequence counts as one
// "other" character (neither letter, number nor space). Tests hold it against the regex itself.
using System.Buffers;
using System.Globalization;
using System.Text;

namespace BabyLm.Corpus.Tokenization;

public static class PreTokenizer
{
    /// <summary>The pattern this scanner implements (for tests and documentation).</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private enum Kind : byte { Letter, Number, Space, Other }

    /// <summary>Receives one piece as a byte range of the input.</summary>
    public delegate void PieceAction(int start, int length);

    /// <summary>Splits <paramref name="text"/> into pieces, calling <paramref name="action"/> for each in order.</summary>
    public static void Split(ReadOnlySpan<byte> text, PieceAction action)
    {
        int i = 0;
        int n = text.Length;
        while (i < n)
        {
            int start = i;
            var (kind, len) = Classify(text, i);
            // Contractions: 's 't 're 've 'm 'll 'd (case-sensitive, as in GPT-2).
            if (text[i] == (byte)'\'' && i + 1 < n)
            {
                byte c = text[i + 1];
                if (c is (byte)'s' or (byte)'t' or (byte)'m' or (byte)'d') { action(i, 2); i += 2; continue; }
                if (i + 2 < n && ((c == 'r' && text[i + 2] == 'e') || (c == 'v' && text[i + 2] == 'e') || (c == 'l' && text[i + 2] == 'l')))
                {
                    action(i, 3); i += 3; continue;
                }
            }
            // Optional single leading ' ' (U+0020) before a letter, number or other run.
            int j = i;
            Kind runKind = kind;
            if (text[i] == (byte)' ' && i + 1 < n)
            {
                var (next, _) = Classify(text, i + 1);
                if (next != Kind.Space) { j = i + 1; runKind = next; }
            }
            if (runKind != Kind.Space)
            {
                // ' ?' consumed (or not); now a maximal run of the same class.
                int k = j;
                while (k < n)
                {
                    var (kk, kl) = Classify(text, k);
                    if (kk != runKind) break;
                    k += kl;
                }
                action(start, k - start);
                i = k;
                continue;
            }
            // Whitespace: \s+(?!\S) leaves the last space before a non-space to the next piece; else \s+.
            int end = i;
            int lastStart = i;
            while (end < n)
            {
                var (kk, kl) = Classify(text, end);
                if (kk != Kind.Space) break;
                lastStart = end;
                end += kl;
            }
            if (end < n && lastStart > start)
            {
                action(start, lastStart - start);
                i = lastStart;
            }
            else
            {
                action(start, end - start);
                i = end;
            }
        }
    }

    /// <summary>Pieces as strings (for tests and debugging); invalid bytes decode to U+FFFD.</summary>
    public static List<string> SplitToStrings(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var pieces = new List<string>();
        Split(bytes, (s, l) => pieces.Add(Encoding.UTF8.GetString(bytes, s, l)));
        return pieces;
    }

    private static (Kind Kind, int Length) Classify(ReadOnlySpan<byte> text, int i)
    {
        byte b = text[i];
        if (b < 0x80)
        {
            if ((uint)((b | 0x20) - 'a') <= 'z' - 'a') return (Kind.Letter, 1);
            if ((uint)(b - '0') <= 9) return (Kind.Number, 1);
            if (b == ' ' || (b >= 9 && b <= 13)) return (Kind.Space, 1);
            return (Kind.Other, 1);
        }
        if (Rune.DecodeFromUtf8(text[i..], out var rune, out int consumed) != OperationStatus.Done) return (Kind.Other, 1);
        int cp = rune.Value;
        if (cp is 0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 || (cp >= 0x2000 && cp <= 0x200A))
            return (Kind.Space, consumed);
        var cat = Rune.GetUnicodeCategory(rune);
        return cat switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => (Kind.Letter, consumed),
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => (Kind.Number, consumed),
            _ => (Kind.Other, consumed),
        };
    }
}
