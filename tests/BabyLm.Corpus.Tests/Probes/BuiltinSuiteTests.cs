// Validity of the built-in probe suite. For every paradigm an independent checker (it knows only the
// lexicon, not the templates) verifies on every pair that the two members differ minimally (one word
// substituted, or the same words with two phrases swapped or one moved: never a word more or less) and
// that the difference is the contrast the paradigm names; counterbalanced paradigms split their contrast
// 50/50. Then the evidence that the corpus teaches what the probes test: a word bigram fit on 1M words of
// the corpus passes the local agreement paradigms while a unigram sits at chance, and every probe word
// occurs in the corpus. BuiltinSuiteConfoundTests holds the suite to chance for length, punctuation and
// word frequency.
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Tests.Language;

namespace BabyLm.Corpus.Tests.Probes;

[Collection(SynthCorpusCollection.Name)]
public sealed class BuiltinSuiteTests(SynthCorpusFixture fx)
{
    private static readonly Lexicon L = Lexicon.Builtin;

    // ---- what the lexicon says about a word ---------------------------------------------------------------

    private static bool IsSingularNoun(string w) => L.Lookup(w).Any(e => e.Pos == PartOfSpeech.Noun && e.Word == w);
    private static bool IsPluralNoun(string w) => L.Lookup(w).Any(e => e.Pos == PartOfSpeech.Noun && e.Form("pl") == w);
    private static bool IsNoun(string w) => IsSingularNoun(w) || IsPluralNoun(w);
    private static bool IsAdjective(string w) => L.Lookup(w).Any(e => e.Pos == PartOfSpeech.Adj);
    private static bool IsAnimateNoun(string w) => L.Lookup(w).Any(e => e.Pos == PartOfSpeech.Noun && (e.Has("person") || e.Has("animal")));
    private static IEnumerable<LexEntry> VerbsWith(string form) => L.Lookup(form).Where(e => e.Pos == PartOfSpeech.Verb);
    private static IEnumerable<string> FormKeys(LexEntry verb, string form)
        => verb.Forms.Where(kv => kv.Value == form).Select(kv => kv.Key).Concat(verb.Word == form ? ["base"] : []);

    private static string? GenderOf(string w)
        => L.Lookup(w).Select(e => e.Value("gender")).FirstOrDefault(g => g is "m" or "f");

    private static readonly Dictionary<string, string> NumberTwin = new()
    {
        ["is"] = "are", ["are"] = "is", ["was"] = "were", ["were"] = "was", ["has"] = "have", ["have"] = "has",
    };

    private static bool SingularAux(string aux) => aux is "is" or "was" or "has";

    // ---- minimal differences ------------------------------------------------------------------------------

    private static string[] W(string s) => s.Split(' ');

    /// <summary>Exactly one word differs.</summary>
    private static (int At, string Good, string Bad) Substitution(MinimalPair p)
    {
        var g = W(p.Good);
        var b = W(p.Bad);
        Assert.True(g.Length == b.Length, $"lengths differ: {p}");
        var diff = Enumerable.Range(0, g.Length).Where(i => g[i] != b[i]).ToList();
        Assert.True(diff.Count == 1, $"{diff.Count} words differ: {p}");
        return (diff[0], g[diff[0]], b[diff[0]]);
    }

    /// <summary>good = … X M Y …, bad = … Y M X … (M may be empty: then a phrase moved).</summary>
    private static (string[] X, string[] M, string[] Y) Swap(MinimalPair p) => Swap(W(p.Good), W(p.Bad), p.ToString());

    private static (string[] X, string[] M, string[] Y) Swap(string[] g, string[] b, string what)
    {
        Assert.True(g.Length == b.Length, $"lengths differ: {what}");
        int pre = 0;
        while (pre < g.Length && g[pre] == b[pre]) pre++;
        int suf = 0;
        while (suf < g.Length - pre && g[^(suf + 1)] == b[^(suf + 1)]) suf++;
        var gr = g[pre..(g.Length - suf)];
        var br = b[pre..(b.Length - suf)];
        for (int lx = 1; lx < gr.Length; lx++)
            for (int ly = 1; lx + ly <= gr.Length; ly++)
            {
                var x = gr[..lx];
                var m = gr[lx..(gr.Length - ly)];
                var y = gr[(gr.Length - ly)..];
                if (br.SequenceEqual(y.Concat(m).Concat(x))) return (x, m, y);
            }
        Assert.Fail($"not a swap or move of two phrases: {what}");
        return default;
    }

    // ---- the named contrasts ------------------------------------------------------------------------------

    private static string Demonstrative(MinimalPair p, bool adjective, bool irregular)
    {
        var (at, g, b) = Substitution(p);
        Assert.Contains((g, b), new[] { ("this", "these"), ("these", "this"), ("that", "those"), ("those", "that") });
        var w = W(p.Good);
        int i = at + 1;
        while (IsModifier(w, i)) i++;
        Assert.True(adjective ? i > at + 1 : i == at + 1, p.ToString());
        bool plural = g is "these" or "those";
        Assert.True(plural ? IsPluralNoun(w[i]) : IsSingularNoun(w[i]), $"{w[i]} does not agree with {g}: {p}");
        if (irregular) Assert.True(L.Lookup(w[i]).Any(e => e.Pos == PartOfSpeech.Noun && e.Form("pl") is { } pl && !pl.StartsWith(e.Word[..^1])
            || e.Pos == PartOfSpeech.Noun && e.Form("pl") is { } pl2 && (pl2.EndsWith("men") || pl2.EndsWith("ves") || pl2 == "children")), p.ToString());
        return plural ? "pl" : "sg";
    }

    /// <summary>The aux at <paramref name="at"/> flips number; <paramref name="head"/> is the noun it must agree with.</summary>
    private static string AuxAgreement(MinimalPair p, Func<string[], int, int> head, Func<string[], int, int>? attractor = null)
    {
        var (at, g, b) = Substitution(p);
        Assert.True(NumberTwin.TryGetValue(g, out var twin) && twin == b, p.ToString());
        var w = W(p.Good);
        int h = head(w, at);
        Assert.True(SingularAux(g) ? IsSingularNoun(w[h]) : IsPluralNoun(w[h]), $"head '{w[h]}' does not agree with '{g}': {p}");
        if (attractor is not null)
        {
            int a = attractor(w, at);
            Assert.True(SingularAux(g) ? IsPluralNoun(w[a]) : IsSingularNoun(w[a]), $"attractor '{w[a]}' has the same number as the head: {p}");
        }
        return SingularAux(g) ? "sg" : "pl";
    }

    /// <summary>An adjective before a noun (orange is either: "the orange cookies" / "the orange by the door").</summary>
    private static bool IsModifier(string[] w, int i) => IsAdjective(w[i]) && i + 1 < w.Length && (IsNoun(w[i + 1]) || IsAdjective(w[i + 1]));

    private static int FirstNounAfter(string[] w, int at) => Enumerable.Range(at + 1, w.Length - at - 1).First(i => IsNoun(w[i]) && !IsModifier(w, i));

    private static int LastNounBefore(string[] w, int at) => Enumerable.Range(0, at).Last(i => IsNoun(w[i]));

    private static string Verbs(MinimalPair p, Func<LexEntry, bool> good, Func<LexEntry, bool> bad)
    {
        var (_, g, b) = Substitution(p);
        var gv = VerbsWith(g).Where(good).ToList();
        var bv = VerbsWith(b).Where(bad).ToList();
        Assert.True(gv.Count > 0 && bv.Count > 0, $"'{g}' / '{b}' are not the verbs this paradigm contrasts: {p}");
        Assert.True(gv.Any(x => bv.Any(y => FormKeys(x, g).Intersect(FormKeys(y, b)).Any())), $"'{g}' and '{b}' are not the same form: {p}");
        return "-";
    }

    private static bool TakesObject(LexEntry v) => v.Value("obj") is not null && (v.Has("trans") || v.Has("opt"));
    private static bool NeverObject(LexEntry v) => v.Value("obj") is null && (v.Has("intr") || v.Has("motion"));
    private static bool MustObject(LexEntry v) => v.Has("trans");

    private static readonly Dictionary<string, Func<MinimalPair, string>> Checks = new()
    {
        ["determiner_noun_agreement_adjacent"] = p => Demonstrative(p, adjective: false, irregular: false),
        ["determiner_noun_agreement_with_adjective"] = p => Demonstrative(p, adjective: true, irregular: false),
        ["determiner_noun_agreement_irregular"] = p => Demonstrative(p, adjective: false, irregular: true),
        ["subject_verb_agreement_simple"] = p => AuxAgreement(p, (w, at) => at - 1),
        ["subject_verb_agreement_lexical_verb"] = p =>
        {
            var (at, g, b) = Substitution(p);
            var verb = VerbsWith(g).Concat(VerbsWith(b)).First(v => (v.Form("3sg") == g && v.Word == b) || (v.Form("3sg") == b && v.Word == g));
            bool singular = verb.Form("3sg") == g;
            var w = W(p.Good);
            Assert.True(singular ? IsSingularNoun(w[at - 1]) : IsPluralNoun(w[at - 1]), p.ToString());
            return singular ? "sg" : "pl";
        },
        ["subject_verb_agreement_across_pp"] = p => AuxAgreement(p, (w, at) => FirstNounAfter(w, 0), (w, at) => at - 1),
        ["subject_verb_agreement_across_relative_clause"] = p =>
        {
            Assert.True(W(p.Good).Contains("who") || W(p.Good).Contains("that"), p.ToString());
            return AuxAgreement(p, (w, at) => 1, (w, at) => at - 1);
        },
        ["subject_verb_agreement_in_question"] = p =>
        {
            Assert.EndsWith("?", p.Good);
            return AuxAgreement(p, FirstNounAfter);
        },
        ["subject_verb_agreement_question_attractor"] = p =>
        {
            Assert.EndsWith("?", p.Good);
            Assert.Equal(0, Substitution(p).At);
            return AuxAgreement(p, FirstNounAfter, (w, at) => LastNounBefore(w, w.Length - 1));
        },
        ["anaphor_gender_agreement"] = p =>
        {
            var (_, g, b) = Substitution(p);
            Assert.Contains((g, b), new[] { ("himself", "herself"), ("herself", "himself") });
            return g;
        },
        ["anaphor_number_agreement"] = p =>
        {
            var (_, g, b) = Substitution(p);
            Assert.True(g == "themselves" ? b is "himself" or "herself" : b == "themselves" && g is "himself" or "herself", p.ToString());
            return g == "themselves" ? "pl" : "sg";
        },
        ["argument_structure_transitive"] = p => Verbs(p, TakesObject, NeverObject),
        ["argument_structure_intransitive"] = p => Verbs(p, NeverObject, MustObject),
        ["argument_structure_swapped_arguments"] = p =>
        {
            var (x, _, y) = Swap(p);
            Assert.True(x.Any(IsAnimateNoun) && !y.Any(IsAnimateNoun), $"the subject must be the animate one: {p}");
            return x.Any(IsPluralNoun) ? "pl" : "sg";
        },
        ["irregular_verb_active"] = p =>
        {
            var (at, g, b) = Substitution(p);
            string before = W(p.Good)[at - 1];
            if (VerbsWith(g).Any(v => v.Form("part") == g && v.Form("past") == b && g != b))
            {
                Assert.True(before is "has" or "have", $"a participle needs the perfect's have: {p}");
                return "perfect";
            }
            Assert.Contains(VerbsWith(g), v => v.Form("past") == g && v.Form("part") == b && g != b);
            Assert.True(L.PartOfSpeech(before) != PartOfSpeech.Aux, $"a simple past has no auxiliary: {p}");
            return "past";
        },
        ["irregular_verb_passive"] = p =>
        {
            var (at, g, b) = Substitution(p);
            string before = W(p.Good)[at - 1];
            if (VerbsWith(g).Any(v => v.Form("part") == g && v.Form("past") == b && g != b))
            {
                Assert.True(before is "is" or "are" or "was" or "were", $"a passive participle follows be: {p}");
                return "passive";
            }
            Assert.Contains(VerbsWith(g), v => v.Form("past") == g && v.Form("part") == b && g != b);
            Assert.True(L.PartOfSpeech(before) != PartOfSpeech.Aux, $"an active simple past has no auxiliary: {p}");
            return "active";
        },
        ["filler_gap_wh_object"] = p =>
        {
            var (at, g, b) = Substitution(p);
            Assert.Contains((g, b), new[] { ("what", "that"), ("who", "that"), ("that", "what"), ("that", "who") });
            var w = W(p.Good);
            Assert.True(w[..at].Contains("know") || w[..at].Contains("knows") || w[..at].Contains("knew"), p.ToString());
            // the embedded verb must take an object; a gap leaves nothing but an adjunct after it
            int verb = Enumerable.Range(at + 1, w.Length - at - 1).First(i => VerbsWith(w[i]).Any(MustObject));
            bool gap = w[verb + 1] is "today" or "again" or "too" or "with" or "at" or "." or "?";
            Assert.True(gap == (g != "that"), $"a gap needs the wh-filler, an object needs that: {p}");
            return gap ? "gap" : "no gap";
        },
        ["filler_gap_wh_subject"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.Empty(m);
            Assert.Equal(["who"], y);
            Assert.True(x[0] == "the" && L.Lookup(x[^1]).Any(e => e.Pos == PartOfSpeech.Noun && e.Has("person")), $"who moves over the head noun phrase: {p}");
            Assert.True(VerbsWith(W(p.Good)[Array.IndexOf(W(p.Good), "who") + 1]).Any(), $"a verb follows who: {p}");
            return IsPluralNoun(x[^1]) ? "pl" : "sg";
        },
        ["island_effects_adjunct"] = p =>
        {
            Assert.StartsWith("what did ", p.Good);
            var (x, m, y) = Swap(p);
            Assert.Empty(m);
            Assert.True(x[0] is "while" or "after" or "before" && x[1].EndsWith("ing") && y.Any(IsNoun), p.ToString());
            return "-";
        },
        ["island_effects_coordinate_structure"] = p =>
        {
            Assert.Matches("^(what|who) (did|will|can) ", p.Good);
            var (x, m, y) = Swap(p);
            Assert.Empty(m);
            Assert.True(x[0] == "and" && y.Length == 1 && VerbsWith(y[0]).Any(v => v.Word == y[0]) && p.Good.EndsWith($" {y[0]} ?"),
                $"the second conjunct moves after the verb: {p}");
            return "-";
        },
        ["npi_licensing_question"] = p =>
        {
            Assert.True(p.Good.EndsWith(" ?") && p.Bad.EndsWith(" ?"), p.ToString());
            Assert.Contains("ever", W(p.Good));
            var (x, _, _) = Swap(p);
            Assert.True(x.Length == 1 && L.PartOfSpeech(x[0]) == PartOfSpeech.Aux && W(p.Good)[0] == x[0], $"the auxiliary should move: {p}");
            return "-";
        },
        ["npi_licensing_negation"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.True(x is ["no"] && y is ["any"] && m.Length == 2 && VerbsWith(m[1]).Any(v => v.Form("past") == m[1]), $"no (subject) and any (object) swap: {p}");
            return "-";
        },
        ["npi_licensing_only"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.True(x is ["only"] && m.Length == 0 && y.Contains("ever") && y[^1] != "ever", $"only moves from the subject to after the verb: {p}");
            return "-";
        },
        ["quantifiers_existential_there"] = p =>
        {
            var (x, _, y) = Swap(p);
            var w = W(p.Good);
            Assert.True(w[0] == "there" && x.Length == 1 && y.Length == 1 && w[2] == x[0], p.ToString());
            Assert.Contains(x[0], new[] { "a", "an", "one", "another", "two", "three", "some", "many" });
            Assert.Contains(y[0], new[] { "every", "each", "both", "most" });
            return SingularAux(w[1]) ? "sg" : "pl";
        },
        ["quantifiers_superlative"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.True(x is ["the"] && y is ["no"] && m[^1] == "with" && W(p.Good)[0] == "the", $"the and no swap between the subject and its PP: {p}");
            Assert.True(p.Good.Contains(" at least ") || p.Good.Contains(" at most "), p.ToString());
            return "-";
        },
        ["case_subject_pronoun"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.True(y.Length == 1 && new[] { "him", "her", "us", "them", "me" }.Contains(y[0]), $"the accusative moves into the subject: {p}");
            Assert.True(x.Length is 1 or 2 && m.Length is 1 or 2, p.ToString());
            return y[0];
        },
        ["case_object_pronoun"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.True(x.Length == 1 && new[] { "he", "she", "we", "they", "i" }.Contains(x[0]), $"the nominative moves into the object: {p}");
            Assert.True(y.Length is 1 or 2 && m.Length is 1 or 2, p.ToString());
            return x[0];
        },
        ["binding_principle_a"] = p =>
        {
            var (x, m, y) = Swap(p);
            Assert.Contains(m[0], new[] { "says", "said", "thinks", "knows" });
            string reflexive = W(p.Good).First(w => w is "himself" or "herself");
            string wanted = reflexive == "himself" ? "m" : "f";
            Assert.True(y.Select(GenderOf).Contains(wanted) && !x.Select(GenderOf).Contains(wanted), $"the local subject must bind the reflexive: {p}");
            return reflexive;
        },
        ["ellipsis_n_bar"] = p =>
        {
            var g = W(p.Good);
            var b = W(p.Bad);
            var (x, m, y) = Swap(g[..^1], b[..^1], p.ToString());
            var moved = x.Length == 1 && IsAdjective(x[0]) ? x[0] : y.Single();
            Assert.True(IsAdjective(moved) && b[^2] == moved, p.ToString());
            Assert.True(IsNoun(g[Array.IndexOf(g, moved) + 1]), p.ToString());
            return "-";
        },
    };

    // ---- tests ------------------------------------------------------------------------------------------

    [Fact]
    public void Suite_has_at_least_24_paradigms_over_12_phenomena_with_1000_pairs_each()
    {
        var suite = fx.Suite;
        Assert.Equal("builtin", suite.Name);
        Assert.True(suite.Paradigms.Count >= 24);
        Assert.True(suite.Phenomena.Count >= 12);
        Assert.All(suite.Paradigms, p => Assert.Equal(BuiltinSuite.DefaultPairs, p.Pairs.Count));
        Assert.Equal(suite.Paradigms.Select(p => p.Uid), BuiltinSuite.Catalogue.Select(i => i.Uid));
        Assert.Equal(Checks.Keys.Order(), suite.Paradigms.Select(p => p.Uid).Order());
        Assert.All(suite.Paradigms, p => Assert.False(string.IsNullOrEmpty(p.Contrast)));
        Assert.All(suite.Paradigms, p => Assert.Contains(p.Field, new[] { "syntax", "morphology", "semantics", "syntax_semantics" }));
        Assert.Equal(suite.ContentHash[..12], suite.Version);
        Assert.Contains("seed=0 pairs=1000", suite.Generator);
    }

    [Fact]
    public void Every_pair_differs_minimally_in_the_named_contrast_and_counterbalances_it()
    {
        foreach (var paradigm in fx.Suite.Paradigms)
        {
            var labels = new List<string>();
            foreach (var pair in paradigm.Pairs)
            {
                Assert.NotEqual(pair.Good, pair.Bad);
                Assert.True(W(pair.Good).Length >= ProbeReservation.MinWords && W(pair.Bad).Length >= ProbeReservation.MinWords, pair.ToString());
                Assert.True(W(pair.Good).Length == W(pair.Bad).Length, $"{paradigm.Uid}: lengths differ: {pair}");
                Assert.True(W(pair.Good)[^1] == W(pair.Bad)[^1], $"{paradigm.Uid}: final punctuation differs: {pair}");
                labels.Add(Checks[paradigm.Uid](pair));
            }
            var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            if (counts.Count > 1)
                Assert.All(counts, kv => Assert.InRange(kv.Value, 0.4 * labels.Count / counts.Count * 2 / 2, 1.2 * labels.Count / counts.Count));
            Assert.Equal(paradigm.Pairs.Count, paradigm.Pairs.Select(p => p.Good).Distinct().Count());
        }
    }

    [Fact]
    public void Agreement_and_binding_paradigms_split_their_contrast_exactly_in_half()
    {
        foreach (var uid in new[] { "determiner_noun_agreement_adjacent", "subject_verb_agreement_simple", "subject_verb_agreement_across_pp",
                     "anaphor_gender_agreement", "anaphor_number_agreement", "filler_gap_wh_object", "filler_gap_wh_subject", "binding_principle_a",
                     "quantifiers_existential_there", "irregular_verb_active", "irregular_verb_passive" })
        {
            var labels = fx.Suite.Find(uid)!.Pairs.Select(Checks[uid]).ToList();
            Assert.True(labels.GroupBy(l => l).All(g => g.Count() == labels.Count / 2), $"{uid}: {string.Join(", ", labels.GroupBy(l => l).Select(g => $"{g.Key} {g.Count()}"))}");
        }
    }

    [Fact]
    public void Every_probe_sentence_is_reserved_so_no_corpus_can_contain_it()
    {
        Assert.All(fx.Suite.Paradigms.SelectMany(p => p.Pairs), p =>
            Assert.True(ProbeReservation.IsReserved(p.Good) && ProbeReservation.IsReserved(p.Bad), p.ToString()));
    }

    [Fact]
    public void Every_probe_word_occurs_in_a_1M_word_corpus()
    {
        var counts = fx.TrainCounts;
        foreach (var paradigm in fx.Suite.Paradigms)
        {
            var words = paradigm.Pairs.SelectMany(p => W(p.Good).Concat(W(p.Bad))).Distinct().ToList();
            var rare = words.Where(w => counts.GetValueOrDefault(w) < 3).ToList();
            Assert.True(rare.Count == 0, $"{paradigm.Uid}: rare in the corpus: {string.Join(", ", rare.Select(w => $"{w} ({counts.GetValueOrDefault(w)})"))}");
        }
    }

    [Fact]
    public void A_bigram_passes_the_local_agreement_paradigms_where_a_unigram_sits_at_chance()
    {
        var local = BuiltinSuite.Catalogue.Where(i => i.Local).Select(i => fx.Suite.Find(i.Uid)!).ToList();
        Assert.Contains(local, p => p.Uid == "determiner_noun_agreement_adjacent");
        var report = string.Join("\n", local.Select(p => $"{p.Uid}: bigram {fx.Bigram.Accuracy(p):0.000}, unigram {fx.Unigram.Accuracy(p):0.000}"));
        foreach (var p in local)
        {
            Assert.True(fx.Bigram.Accuracy(p) > 0.55, report);
            Assert.InRange(fx.Unigram.Accuracy(p), 0.45, 0.55);
        }
        Assert.True(local.Average(fx.Bigram.Accuracy) > 0.8, report);
        foreach (var uid in new[] { "determiner_noun_agreement_adjacent", "determiner_noun_agreement_irregular", "subject_verb_agreement_simple" })
            Assert.True(fx.Bigram.Accuracy(fx.Suite.Find(uid)!) > 0.8, report);
    }

    [Fact]
    public void An_attractor_of_the_other_number_fools_the_bigram_so_those_paradigms_test_agreement_not_adjacency()
    {
        foreach (var uid in new[] { "subject_verb_agreement_across_pp", "subject_verb_agreement_across_relative_clause" })
            Assert.True(fx.Bigram.Accuracy(fx.Suite.Find(uid)!) < 0.35, uid);
    }

    [Fact]
    public void Generation_is_seeded_and_versioned_by_content()
    {
        var a = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 5, PairsPerParadigm = 40 });
        var b = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 5, PairsPerParadigm = 40 });
        var c = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 6, PairsPerParadigm = 40 });
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(a.Paradigms.SelectMany(p => p.Pairs), b.Paradigms.SelectMany(p => p.Pairs));
        Assert.NotEqual(a.ContentHash, c.ContentHash);
        Assert.All(a.Paradigms, p => Assert.Equal(40, p.Pairs.Count));
        Assert.NotEqual(a.ContentHash, fx.Suite.ContentHash);
    }

    [Fact]
    public void Generating_some_paradigms_gives_the_same_pairs_as_the_full_suite()
    {
        var only = BuiltinSuite.Generate(new BuiltinProbeOptions { Only = ["case_subject_pronoun", "ellipsis_n_bar"] });
        Assert.Equal(["case_subject_pronoun", "ellipsis_n_bar"], only.Paradigms.Select(p => p.Uid));
        Assert.Equal(fx.Suite.Find("ellipsis_n_bar")!.Pairs, only.Find("ellipsis_n_bar")!.Pairs);
        Assert.Contains("no built-in paradigm 'nope'", Assert.Throws<BabyLmException>(() => BuiltinSuite.Generate(new BuiltinProbeOptions { Only = ["nope"] })).Message);
        Assert.Throws<BabyLmException>(() => BuiltinSuite.Generate(new BuiltinProbeOptions { PairsPerParadigm = 0 }));
    }
}
