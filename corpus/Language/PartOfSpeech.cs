namespace BabyLm.Corpus.Language;

/// <summary>Universal Dependencies part-of-speech tags (the UPOS set), as the lexicon writes them in lower case.</summary>
public enum PartOfSpeech
{
    Noun, Propn, Verb, Adj, Adv, Pron, Det, Num, Adp, Aux, Cconj, Sconj, Part, Intj, Punct,
}
