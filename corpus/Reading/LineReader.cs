// Streams the lines of a text file as UTF-8 byte spans without allocating per line. Every line is
// checked to be valid UTF-8; an invalid one is an error that names the file, the line and the byte.
// Line endings are normalised the same way for every reader (and so every cleaning profile): a UTF-8
// byte order mark at the start of the file is dropped and a CRLF ending counts as LF, so neither a BOM
// nor a '\r' ever becomes part of an utterance or a token. ReadStats counts both, for `corpus stats` and
// shards.json. A line longer than MaxLineBytes (a binary file, /dev/zero) is an error, not a crash.
using System.Text;
using System.Text.Unicode;

namespace BabyLm.Corpus.Reading;

/// <summary>Receives one line (without its '\n') and its 1-based line number.</summary>
public delegate void LineAction(ReadOnlySpan<byte> line, long lineNumber);

/// <summary>What reading a file normalised: a byte order mark dropped, CRLF endings read as LF.</summary>
public sealed class ReadStats
{
    public int BomFiles { get; set; }
    public long CrlfLines { get; set; }

    public void Add(ReadStats other)
    {
        BomFiles += other.BomFiles;
        CrlfLines += other.CrlfLines;
    }
}

public static class LineReader
{
    /// <summary>The longest line read (256 MiB): a corpus line is a sentence or a document, never more.</summary>
    public const int MaxLineBytes = 256 << 20;

    /// <summary>Calls <paramref name="action"/> for every line of <paramref name="path"/>, in order.</summary>
    /// <param name="validateUtf8">Reject invalid UTF-8 (default). Off only for data we wrote ourselves.</param>
    /// <param name="stats">Receives what was normalised (BOM, CRLF), when given.</param>
    /// <param name="utf8Hint">The hint of the invalid-UTF-8 error (default: about corpus files).</param>
    public static void ForEachLine(string path, LineAction action, bool validateUtf8 = true, ReadStats? stats = null, string? utf8Hint = null)
    {
        BabyLm.Core.InputPath.RequireFile(path, "text file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int filled = 0;
        long lineNumber = 0;
        bool first = true;
        void Emit(ReadOnlySpan<byte> line)
        {
            lineNumber++;
            if (first)
            {
                first = false;
                if (line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    line = line[3..];
                    if (stats is not null) stats.BomFiles++;
                }
            }
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
                if (stats is not null) stats.CrlfLines++;
            }
            if (validateUtf8) Validate(line, path, lineNumber, utf8Hint);
            action(line, lineNumber);
        }
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
                Emit(span.Slice(start, nl));
                start += nl + 1;
            }
            if (eof)
            {
                if (start < filled) Emit(span[start..]);
                return;
            }
            // Keep the partial line; grow the buffer if one line fills it.
            int rest = filled - start;
            if (start == 0 && rest == buffer.Length)
            {
                if (buffer.Length >= MaxLineBytes)
                {
                    throw new BabyLmException(
                        $"{path}:{lineNumber + 1}: a line longer than {MaxLineBytes >> 20} MiB (no newline in {rest:N0} bytes): not a text corpus",
                        "corpus files hold one utterance (or document) per line; check the path points at a text file");
                }
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else Buffer.BlockCopy(buffer, start, buffer, 0, rest);
            filled = rest;
        }
    }

    /// <summary>Checks <paramref name="line"/> is valid UTF-8, else throws naming file:line and the byte (1-based) and its value.</summary>
    public static void Validate(ReadOnlySpan<byte> line, string path, long lineNumber, string? hint = null)
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
            hint ?? "corpus files must be UTF-8; convert the file, e.g. with iconv -f latin1 -t utf-8");
    }
}
