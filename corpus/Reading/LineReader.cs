// Streams the lines of a text file as UTF-8 byte spans without allocating per line. Every line is
// checked to be valid UTF-8; an invalid one is an error that names the file, the line and the byte.
using System.Text;
using System.Text.Unicode;

namespace BabyLm.Corpus.Reading;

/// <summary>Receives one line (without its '\n') and its 1-based line number.</summary>
public delegate void LineAction(ReadOnlySpan<byte> line, long lineNumber);

public static class LineReader
{
    /// <summary>Calls <paramref name="action"/> for every line of <paramref name="path"/>, in order.</summary>
    /// <param name="validateUtf8">Reject invalid UTF-8 (default). Off only for data we wrote ourselves.</param>
    public static void ForEachLine(string path, LineAction action, bool validateUtf8 = true)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int filled = 0;
        long lineNumber = 0;
        while (true)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            bool eof = read == 0;
            int start = 0;
            var span = buffer.AsSpan(0, filled);
            while (true)
            {
                int nl = span[start..].IndexOf((byte)'\n');
                if (nl < 0) break;
                var line = span.Slice(start, nl);
                lineNumber++;
                if (validateUtf8) Validate(line, path, lineNumber);
                action(line, lineNumber);
                start += nl + 1;
            }
            if (eof)
            {
                if (start < filled)
                {
                    var line = span[start..];
                    lineNumber++;
                    if (validateUtf8) Validate(line, path, lineNumber);
                    action(line, lineNumber);
                }
                return;
            }
            // Keep the partial line; grow the buffer if one line fills it.
            int rest = filled - start;
            if (start == 0 && rest == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            else Buffer.BlockCopy(buffer, start, buffer, 0, rest);
            filled = rest;
        }
    }

    private static void Validate(ReadOnlySpan<byte> line, string path, long lineNumber)
    {
        if (Utf8.IsValid(line)) return;
        int offset = 0;
        while (offset < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done) break;
            offset += consumed;
        }
        throw new BabyLmException(
            $"{path}:{lineNumber}: not valid UTF-8 (byte {offset + 1} of the line, 0x{line[offset]:X2})",
            "corpus files must be UTF-8; convert the file, e.g. with iconv -f latin1 -t utf-8");
    }
}
