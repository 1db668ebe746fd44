// `corpus synth` on a 1M-word sample: the layout and manifest, the word budget, the age order of the
// childes source, and whether the text looks like child-directed English (utterance length, a growing
// type–token curve, Zipf-like frequencies, the top words, grammatical by the checks we can make on text).
using System.Text;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Tests.Language;

[Collection(SynthCorpusCollection.Name)]
public sealed class SyntheticCorpusTests(SynthCorpusFixture fx)
{
    private static readonly string[] Sources = ["childes", "stories", "dialogue", "expository"];

    [Fact]
    public void Output_is_a_2024_layout_that_corpus_stats_reads()
    {
        Assert.Equal(LayoutKind.Babylm2024, fx.Layout.Kind);
        Assert.Equal("train_1M", fx.TrainSplit);
        Assert.Equal(new[] { "train_1M", "dev", "test" }, fx.Layout.Splits);
        foreach (var split in fx.Layout.Splits)
            Assert.Equal(Sources.Order(), fx.Layout.FilesOf(split).Select(f => f.Source).Order());
        var stats = CorpusStatsBuilder.Compute(fx.Layout, CleaningProfile.None, threads: 2);
        Assert.Equal("strict-small", stats.Track);
        Assert.All(stats.Splits.SelectMany(s => s.Sources), s => Assert.Equal(0, s.BlankLines));
    }

    [Fact]
    public void Train_words_are_within_one_percent_and_dev_test_hold_five_percent_each()
    {
        var stats = CorpusStatsBuilder.Compute(fx.Layout, CleaningProfile.None, threads: 2);
        Assert.InRange(stats.TrainWords, 990_000, 1_010_000);
        foreach (var split in stats.Splits.Where(s => s.Role != "train"))
            Assert.InRange(split.Words, 49_000, 51_000);
        // each source keeps its share
        foreach (var (source, share) in SyntheticCorpus.Sources)
        {
            long words = stats.Splits.Single(s => s.Split == fx.TrainSplit).Sources.Single(s => s.Source == source).Words;
            Assert.InRange(words, share * SynthCorpusFixture.Words * 0.995, share * SynthCorpusFixture.Words * 1.005);
        }
    }

    [Fact]
    public void Manifest_names_the_generator_seed_and_every_file_with_its_hash()
    {
        var m = CorpusManifest.TryRead(fx.Root)!;
        Assert.Equal("corpus synth", m.CreatedBy);
        Assert.Equal(7, m.Seed);
        Assert.Equal(SynthCorpusFixture.Words, m.WordsRequested);
        Assert.Equal(SyntheticCorpus.GeneratorName, (string?)m.Generator!["name"]);
        Assert.Equal(SyntheticCorpus.GeneratorVersion, (string?)m.Generator!["version"]);
        Assert.Equal(12, m.Files.Count);
        var again = CorpusManifest.Describe(fx.Root, CleaningProfile.None);
        Assert.Equal(again, m.Files);
        Assert.Equal(CorpusManifest.HashOf(again), m.ContentHash);
    }

    [Fact]
    public void Childes_lines_carry_age_stages_in_non_decreasing_order()
    {
        foreach (var file in fx.Layout.Files.Where(f => f.Source == "childes"))
        {
            var stages = ShardSidecars.ReadStages(file.Path)!;
            Assert.Equal(File.ReadAllLines(file.Path).Length, stages.Length);
            Assert.Equal(stages.Order(), stages);
            Assert.Equal(Enumerable.Range(1, AgeStages.Count), stages.Distinct());
            Assert.Equal(AgeStages.SidecarPath(file.Path), file.Path + ".stages");
        }
        Assert.Null(ShardSidecars.ReadStages(fx.Layout.FilesOf(fx.TrainSplit).Single(f => f.Source == "stories").Path));
    }

    [Fact]
    public void Childes_mean_utterance_length_is_three_to_seven_words_and_grows_with_age()
    {
        var lines = fx.Train("childes");
        var stages = ShardSidecars.ReadStages(fx.Layout.FilesOf(fx.TrainSplit).Single(f => f.Source == "childes").Path)!;
        double mlu = lines.Average(l => l.Split(' ').Length);
        Assert.InRange(mlu, 3, 7);
        var byStage = Enumerable.Range(1, AgeStages.Count)
            .Select(s => lines.Where((_, i) => stages[i] == s).Average(l => l.Split(' ').Length)).ToList();
        Assert.InRange(byStage[0], 3.5, 5.5); // about 4–5 for the youngest
        for (int s = 1; s < byStage.Count; s++) Assert.True(byStage[s] > byStage[s - 1], $"MLU by stage: {string.Join(", ", byStage)}");
        Assert.True(lines.Average(l => l.Split(' ').Length) < fx.Train("stories").Average(l => l.Split(' ').Length) + 1);
    }

    [Fact]
    public void Type_token_curve_keeps_growing()
    {
        var words = Sources.SelectMany(fx.Train).SelectMany(l => l.Split(' ')).ToList();
        var types = new HashSet<string>(StringComparer.Ordinal);
        var curve = new Dictionary<int, int>();
        int[] marks = [125_000, 250_000, 500_000, words.Count];
        for (int i = 0; i < words.Count; i++)
        {
            types.Add(words[i]);
            if (marks.Contains(i + 1)) curve[i + 1] = types.Count;
        }
        Assert.True(curve[words.Count] > 4000, $"types: {curve[words.Count]}");
        for (int k = 1; k < marks.Length; k++)
            Assert.True(curve[marks[k]] > 1.05 * curve[marks[k - 1]], $"type-token curve flattens: {string.Join(", ", curve)}");
    }

    [Fact]
    public void Word_frequencies_are_zipf_like()
    {
        var freq = fx.TrainCounts.Values.OrderDescending().ToList();
        var xs = Enumerable.Range(10, 991).Select(r => Math.Log(r)).ToList();
        var ys = Enumerable.Range(10, 991).Select(r => Math.Log(freq[r - 1])).ToList();
        double mx = xs.Average(), my = ys.Average();
        double slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        Assert.InRange(slope, -1.6, -0.7);
    }

    [Fact]
    public void Most_frequent_childes_words_look_like_child_directed_speech()
    {
        var top = fx.Train("childes").SelectMany(l => l.Split(' ')).GroupBy(w => w)
            .OrderByDescending(g => g.Count()).Take(25).Select(g => g.Key).ToList();
        foreach (var w in new[] { "you", "the", "a", "is", ".", "?" }) Assert.Contains(w, top);
        Assert.True(top.Count(w => w is "it" or "that" or "i" or "we" or "what" or "this" or "they") >= 3, string.Join(" ", top));
        Assert.True(top.Count(w => w is "mommy" or "daddy" or "look" or "where" or "do") >= 2, string.Join(" ", top));
    }

    [Fact]
    public void Every_word_has_a_part_of_speech_and_word_classes_lists_them()
    {
        var classes = ShardSidecars.ReadWordClasses(fx.Layout)!;
        var words = fx.AllLines.SelectMany(l => l.Split(' ')).ToHashSet(StringComparer.Ordinal);
        Assert.All(words, w => Assert.NotNull(Lexicon.Builtin.PartOfSpeech(w)));
        Assert.Equal(words.Order(StringComparer.Ordinal), classes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["noun"], classes["dog"]);
        Assert.Contains("det", classes["that"]);
    }

    [Fact]
    public void Text_is_lower_case_single_spaced_with_final_punctuation_and_an_before_vowels()
    {
        foreach (var line in fx.AllLines)
        {
            Assert.Equal(line.ToLowerInvariant(), line);
            Assert.DoesNotContain("  ", line);
            Assert.Contains(line.Split(' ')[^1], new[] { ".", "?", "!" });
            Assert.DoesNotMatch(@"(^| )a [aeio]", line);
        }
    }

    [Fact]
    public void Agreement_and_polarity_hold_where_text_alone_can_check_them()
    {
        var singular = new HashSet<string>(Lexicon.Builtin.Of(PartOfSpeech.Noun).Where(e => e.Form("pl") is { } pl && pl != e.Word).Select(e => e.Word));
        var plural = new HashSet<string>(Lexicon.Builtin.Of(PartOfSpeech.Noun).Where(e => e.Form("pl") is { } pl && pl != e.Word)
            .Select(e => e.Form("pl")!).Where(p => !Lexicon.Builtin.Lookup(p).Any(e => e.Pos == PartOfSpeech.Noun && e.Word == p)));
        foreach (var line in fx.AllLines)
        {
            var w = line.Split(' ');
            for (int i = 0; i + 1 < w.Length; i++)
            {
                Assert.False(w[i] == "this" && plural.Contains(w[i + 1]), line);
                Assert.False(w[i] == "these" && singular.Contains(w[i + 1]) && Lexicon.Builtin.PartOfSpeech(w[i + 1]) != PartOfSpeech.Adj
                    && !Lexicon.Builtin.PartsOfSpeech(w[i + 1]).Contains(PartOfSpeech.Adj), line);
            }
            // "any" and "ever" only in questions, under negation, or after "only"; "any" also after a "no" subject
            bool licensed = w[^1] == "?" || w.Contains("not") || w.Contains("never") || w[0] == "only";
            if (w.Contains("ever")) Assert.True(licensed, line);
            if (w.Contains("any")) Assert.True(licensed || Array.IndexOf(w, "no") is >= 0 and var no && no < Array.IndexOf(w, "any"), line);
        }
    }

    [Fact]
    public void Registers_differ_stories_narrate_dialogue_answers_expository_generalises()
    {
        static double Share(IEnumerable<string> lines, Func<string, bool> test) => lines.Count(test) / (double)lines.Count();
        Assert.True(Share(fx.Train("stories"), l => l.Split(' ').Intersect(["was", "went", "found", "saw", "said", "were"]).Any()) > 0.3);
        Assert.True(Share(fx.Train("dialogue"), l => l.EndsWith('?')) > 0.2);
        Assert.True(Share(fx.Train("dialogue"), l => l.StartsWith("yes i ") || l.StartsWith("no i ")) > 0.02);
        Assert.True(Share(fx.Train("expository"), l => l.Split(' ').Intersect(["can", "are", "have", "live", "is"]).Any()) > 0.6);
        Assert.True(fx.Train("stories").Average(l => l.Length) > fx.Train("childes").Average(l => l.Length));
    }

    [Fact]
    public void No_corpus_sentence_is_reserved_and_no_probe_sentence_appears()
    {
        var sentences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in fx.AllLines)
        {
            Assert.False(ProbeReservation.IsReserved(line), line);
            foreach (var s in SplitSentences(line)) sentences.Add(s);
        }
        var probes = fx.Suite.Paradigms.SelectMany(p => p.Pairs).SelectMany(p => new[] { p.Good, p.Bad }).ToList();
        Assert.Equal(29_000 * 2, probes.Count);
        Assert.DoesNotContain(probes, sentences.Contains);
        // and a suite of another seed is reserved too: the guarantee does not depend on the seed
        var other = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 99, PairsPerParadigm = 20 });
        Assert.All(other.Paradigms.SelectMany(p => p.Pairs), p => Assert.True(ProbeReservation.IsReserved(p.Good) && ProbeReservation.IsReserved(p.Bad)));
    }

    private static IEnumerable<string> SplitSentences(string line)
    {
        var sb = new StringBuilder();
        foreach (var w in line.Split(' '))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(w);
            if (w is "." or "?" or "!") { yield return sb.ToString(); sb.Clear(); }
        }
        if (sb.Length > 0) yield return sb.ToString();
    }
}
