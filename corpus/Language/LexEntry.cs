namespace BabyLm.Corpus.Language;

/// <summary>
/// One row of the lexicon: a lexeme with its part of speech, relative frequency, features and forms.
/// <see cref="Word"/> is the lemma (singular noun, verb base form, nominative pronoun).
/// </summary>
public sealed record LexEntry(
    PartOfSpeech Pos,
    string Word,
    double Weight,
    IReadOnlySet<string> Flags,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Forms,
    int Line)
{
    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>The value of a <c>key=value</c> feature, or null.</summary>
    public string? Value(string key) => Values.GetValueOrDefault(key);

    /// <summary>An inflected form (<c>pl</c>, <c>past</c>, <c>acc</c>, …), or null when the entry has none.</summary>
    public string? Form(string key) => Forms.GetValueOrDefault(key);

    /// <summary>The lemma and every form, each once.</summary>
    public IEnumerable<string> AllForms => Forms.Values.Prepend(Word).Distinct(StringComparer.Ordinal);
}
