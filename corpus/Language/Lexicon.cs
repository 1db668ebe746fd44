// The lexicon as data: lexicon.tsv (embedded in this assembly) parsed into entries, with the look-ups
// other parts of the tool need (part of speech of a word form, content hash for provenance). The
// grammar reads typed views of it (Inventory); this class knows nothing about sentences.
using System.Globalization;
using System.Reflection;
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

public sealed class Lexicon
{
    private const string ResourceName = "BabyLm.Corpus.Language.lexicon.tsv";
    private static readonly Lazy<Lexicon> s_builtin = new(LoadBuiltin);

    private readonly Dictionary<string, List<LexEntry>> _byForm;
    private readonly Lazy<InventedNames> _invented;

    private Lexicon(IReadOnlyList<LexEntry> entries, int version, string contentHash)
    {
        Entries = entries;
        Version = version;
        ContentHash = contentHash;
        _byForm = new Dictionary<string, List<LexEntry>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            foreach (var form in e.AllForms)
            {
                if (!_byForm.TryGetValue(form, out var list)) _byForm[form] = list = [];
                list.Add(e);
            }
        }
        foreach (var list in _byForm.Values)
            list.Sort((a, b) => b.Weight.CompareTo(a.Weight)); // List.Sort is unstable, but equal weights of one form never occur
        _invented = new Lazy<InventedNames>(() => new InventedNames(this));
    }

    /// <summary>The lexicon that ships with the tool (corpus/Language/lexicon.tsv).</summary>
    public static Lexicon Builtin => s_builtin.Value;

    public IReadOnlyList<LexEntry> Entries { get; }

    /// <summary>The <c># version N</c> line of the file.</summary>
    public int Version { get; }

    /// <summary>SHA-256 of the file's bytes: changes whenever a word, weight or feature does.</summary>
    public string ContentHash { get; }

    /// <summary>Every word form the lexicon can produce (lemmas and inflections).</summary>
    public IReadOnlyCollection<string> Forms => _byForm.Keys;

    public IEnumerable<LexEntry> Of(PartOfSpeech pos) => Entries.Where(e => e.Pos == pos);

    /// <summary>The open class of made-up pet and toy names (lolo, bibi) the generators also use.</summary>
    internal InventedNames InventedNames => _invented.Value;

    /// <summary>
    /// The part of speech of a word form (as the corpus writes it: lower case, punctuation as its own
    /// word), taking the most frequent reading of ambiguous forms (<c>that</c> → pron); an invented
    /// name is a proper noun; null if unknown.
    /// </summary>
    public PartOfSpeech? PartOfSpeech(string word)
        => _byForm.TryGetValue(word, out var list) ? list[0].Pos
            : InventedNames.Contains(word) ? Language.PartOfSpeech.Propn : null;

    /// <summary>Every part of speech the form can have, most frequent first.</summary>
    public IReadOnlyList<PartOfSpeech> PartsOfSpeech(string word)
        => _byForm.TryGetValue(word, out var list) ? list.Select(e => e.Pos).Distinct().ToList()
            : InventedNames.Contains(word) ? [Language.PartOfSpeech.Propn] : [];

    /// <summary>The entries that have <paramref name="word"/> as lemma or form, most frequent first.</summary>
    public IReadOnlyList<LexEntry> Lookup(string word)
        => _byForm.TryGetValue(word, out var list) ? list : [];

    private static Lexicon LoadBuiltin()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), "lexicon.tsv");
    }

    /// <summary>Parses a lexicon file (UTF-8 TSV, see the header of lexicon.tsv); errors name the line.</summary>
    public static Lexicon Parse(byte[] utf8, string name)
    {
        var text = System.Text.Encoding.UTF8.GetString(utf8);
        var entries = new List<LexEntry>();
        int version = 0;
        int number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (line.StartsWith("# version ", StringComparison.Ordinal))
                    version = int.Parse(line["# version ".Length..], CultureInfo.InvariantCulture);
                continue;
            }
            entries.Add(ParseLine(line, name, number));
        }
        if (version == 0) throw new BabyLmException($"{name}: no '# version N' line");
        return new Lexicon(entries, version, Hashing.Sha256Hex(utf8));
    }

    private static LexEntry ParseLine(string line, string name, int number)
    {
        var cols = line.Split('\t');
        if (cols.Length != 5)
            throw new BabyLmException($"{name}:{number}: expected 5 tab-separated columns (pos, word, weight, features, forms), found {cols.Length}");
        if (!Enum.TryParse<PartOfSpeech>(cols[0], ignoreCase: true, out var pos) || cols[0] != cols[0].ToLowerInvariant())
            throw new BabyLmException($"{name}:{number}: unknown part of speech '{cols[0]}'",
                "one of " + string.Join(", ", Enum.GetNames<PartOfSpeech>().Select(n => n.ToLowerInvariant())));
        if (!double.TryParse(cols[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight > 0))
            throw new BabyLmException($"{name}:{number}: weight '{cols[2]}' is not a positive number");
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cols[3] != "-")
        {
            foreach (var f in cols[3].Split(','))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) flags.Add(f);
                else values[f[..eq]] = f[(eq + 1)..];
            }
        }
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cols[4] != "-")
        {
            foreach (var f in cols[4].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == f.Length - 1) throw new BabyLmException($"{name}:{number}: form '{f}' is not key=value");
                forms[f[..eq]] = f[(eq + 1)..];
            }
        }
        if (cols[1].Length == 0 || cols[1].Any(char.IsWhiteSpace))
            throw new BabyLmException($"{name}:{number}: word '{cols[1]}' is empty or contains spaces");
        return new LexEntry(pos, cols[1], weight, flags, values, forms, number);
    }
}
