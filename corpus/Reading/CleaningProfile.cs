// Cleaning profiles, selected by name and applied identically wherever words are counted or tokens
// produced. `none` keeps exactly the bytes of each line (LineReader has already dropped a byte order mark
// and the '\r' of a CRLF ending, for every profile); `childes` strips speaker tags (`*MOT:\t`, `A:\t`),
// `= = = … = = =` header lines and bracketed annotations (`[laughs]`), and joins the words with single spaces.
using System.Text;
using System.Text.RegularExpressions;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Reading;

public abstract partial class CleaningProfile
{
    public static readonly CleaningProfile None = new NoneProfile();
    public static readonly CleaningProfile Childes = new ChildesProfile();

    public static IReadOnlyList<string> Names { get; } = ["none", "childes"];

    public abstract string Name { get; }

    /// <summary>
    /// Cleans one line (UTF-8, no newline). Returns the bytes to use — <paramref name="line"/> itself when
    /// nothing changes — or an empty span when the line is to be dropped.
    /// </summary>
    public abstract ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> line, ref byte[] scratch);

    public static CleaningProfile Parse(string name) => name switch
    {
        "none" => None,
        "childes" => Childes,
        _ => throw new BabyLmException($"unknown cleaning profile '{name}'", $"profiles: {string.Join(", ", Names)}"),
    };

    private sealed class NoneProfile : CleaningProfile
    {
        public override string Name => "none";
        public override ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> line, ref byte[] scratch) => line;
    }

    private sealed partial class ChildesProfile : CleaningProfile
    {
        public override string Name => "childes";

        public override ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> line, ref byte[] scratch)
        {
            var text = Encoding.UTF8.GetString(line);
            var trimmed = text.Trim();
            if (trimmed.StartsWith("= = =", StringComparison.Ordinal) && trimmed.EndsWith("= = =", StringComparison.Ordinal))
                return [];
            text = SpeakerTag().Replace(text, "", 1);
            text = Bracketed().Replace(text, " ");
            var joined = string.Join(' ', Words.Split(text));
            int n = Encoding.UTF8.GetMaxByteCount(joined.Length);
            if (scratch.Length < n) scratch = new byte[Math.Max(n, scratch.Length * 2)];
            int written = Encoding.UTF8.GetBytes(joined, scratch);
            return scratch.AsSpan(0, written);
        }

        // *MOT:\t, *CHI:\t (CHILDES) and A:\t, B:\t (Switchboard) at the start of a line.
        [GeneratedRegex(@"^\s*(\*[A-Z0-9]{2,4}:\s*|[A-Z]{1,2}:\t)")]
        private static partial Regex SpeakerTag();

        [GeneratedRegex(@"\[[^\]]*\]")]
        private static partial Regex Bracketed();
    }
}
