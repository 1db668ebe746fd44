// The text a corpus file contributes, after cleaning: one utterance per non-blank line. Every part of
// the tool that counts words or produces tokens reads through here, so all of them see the same bytes
// (with a byte order mark dropped and CRLF read as LF, whatever the cleaning profile: LineReader).
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Reading;

/// <summary>Receives one cleaned utterance (UTF-8, at least one word), its word count and 1-based line number.</summary>
public delegate void UtteranceAction(ReadOnlySpan<byte> text, int words, long lineNumber);

public static class CorpusText
{
    /// <summary>
    /// Calls <paramref name="action"/> for every utterance of <paramref name="path"/> (cleaned, non-blank),
    /// in file order. Returns the number of lines that were blank or dropped by cleaning.
    /// </summary>
    /// <param name="stats">Receives what reading normalised (a byte order mark, CRLF endings), when given.</param>
    public static long ForEachUtterance(string path, CleaningProfile profile, UtteranceAction action, ReadStats? stats = null)
    {
        long blank = 0;
        var scratch = new byte[256];
        LineReader.ForEachLine(path, (line, number) =>
        {
            var text = profile.Apply(line, ref scratch);
            int words = Words.Count(text);
            if (words == 0) { blank++; return; }
            action(text, words, number);
        }, stats: stats);
        return blank;
    }
}
