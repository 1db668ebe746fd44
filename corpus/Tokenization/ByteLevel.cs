// GPT-2's byte-level alphabet: each of the 256 byte values is shown as one printable Unicode character,
// so a byte-level BPE vocabulary can be stored as JSON strings (the Hugging Face `tokenizers` layout).
// Printable Latin-1 bytes stand for themselves; the other 68 take code points 256, 257, … in byte order.
namespace BabyLm.Corpus.Tokenization;

public static class ByteLevel
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> s_charToByte = BuildCharToByte();

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var d = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) d[s_byteToChar[b]] = (byte)b;
        return d;
    }

    public static char CharOf(byte b) => s_byteToChar[b];

    /// <summary>The byte-level string of a byte sequence (one char per byte).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, arr) =>
        {
            for (int i = 0; i < arr.Length; i++) chars[i] = s_byteToChar[arr[i]];
        });
    }

    /// <summary>The bytes of a byte-level string; null if it holds a char outside the alphabet.</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!s_charToByte.TryGetValue(text[i], out bytes[i])) return null;
        }
        return bytes;
    }
}
