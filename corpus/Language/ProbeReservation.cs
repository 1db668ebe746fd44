// The sentences kept for probes. A fixed hash partition of sentence space (one in eight sentences of five
// or more words) is reserved: the corpus generators never emit a reserved sentence, and the built-in
// probe suite only uses pairs whose good and bad members are both reserved. So no probe sentence of any
// seed or size can ever appear verbatim in any synthesized corpus, and checking it costs one hash per
// sentence. Sentences under five words (routines such as "bye bye .") are never reserved.
using System.Text;

namespace BabyLm.Corpus.Language;

public static class ProbeReservation
{
    /// <summary>One sentence in <c>Modulus</c> (of those long enough) is reserved.</summary>
    public const int Modulus = 8;

    /// <summary>Shorter sentences are never reserved; every built-in probe sentence has at least this many words.</summary>
    public const int MinWords = 5;

    /// <summary>True if the sentence (words separated by single spaces, as the corpus writes them) is reserved for probes.</summary>
    public static bool IsReserved(string sentence) => IsReserved(Encoding.UTF8.GetBytes(sentence));

    public static bool IsReserved(ReadOnlySpan<byte> utf8)
    {
        int words = 1;
        foreach (byte b in utf8) if (b == (byte)' ') words++;
        return utf8.Length > 0 && words >= MinWords && Hash(utf8) % Modulus == 0;
    }

    /// <summary>FNV-1a over the bytes, then the SplitMix64 finaliser (so every bit of the hash mixes all bytes).</summary>
    internal static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in utf8) { h ^= b; h *= 0x100000001b3UL; }
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
