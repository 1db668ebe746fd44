// The lines of a probe file (BLiMP .jsonl, Zorro .txt), read as the corpus readers read text: UTF-8
// checked on every line (an invalid byte is an error naming file:line:byte, never silently replaced by
// U+FFFD, which would score a pair the file does not hold), a leading byte order mark dropped, CRLF read as LF.
using System.Text;
using BabyLm.Corpus.Reading;

namespace BabyLm.Corpus.Probes;

internal static class ProbeFile
{
    public static List<string> ReadLines(string file)
    {
        var lines = new List<string>();
        LineReader.ForEachLine(file, (line, _) => lines.Add(Encoding.UTF8.GetString(line)),
            utf8Hint: "probe files (BLiMP .jsonl, Zorro .txt) must be UTF-8; convert the file, e.g. with iconv -f latin1 -t utf-8");
        return lines;
    }
}
