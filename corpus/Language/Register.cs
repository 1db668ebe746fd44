namespace BabyLm.Corpus.Language;

/// <summary>
/// A source of the synthetic corpus: produces one sentence at a time (one line of its file). A register
/// may keep state across sentences (a story's characters, a conversation's turn).
/// </summary>
internal interface IRegister
{
    /// <summary>Fills <paramref name="sentence"/> (cleared) with the next sentence, final punctuation included.</summary>
    void Next(Sentence sentence);

    /// <summary>The sentence just made is reserved for probes and was not written: make another in its place.</summary>
    void Rejected();
}
