// Layout detection and the errors a user meets with bad corpora.
using BabyLm.Corpus.Reading;

namespace BabyLm.Corpus.Tests.Reading;

public class CorpusLayoutTests
{
    [Fact]
    public void Open_Recognises2024Layout_WithSourcesAndSplits()
    {
        using var dir = new TempDir();
        dir.Write("train_10M/childes.train", "a b\n");
        dir.Write("train_10M/gutenberg.train", "c\n");
        dir.Write("dev/childes.dev", "d\n");
        dir.Write("test/childes.test", "e\n");
        dir.Write("corpus.json", "{}");
        var layout = CorpusLayout.Open(dir.Path);
        Assert.Equal(LayoutKind.Babylm2024, layout.Kind);
        Assert.Equal(["train_10M", "dev", "test"], layout.Splits);
        Assert.Equal(["childes", "gutenberg"], layout.FilesOf("train_10M").Select(f => f.Source));
        Assert.Equal("train_10M", layout.ResolveTrainSplit());
        Assert.Equal("dev", layout.DevSplit);
    }

    [Fact]
    public void Open_Recognises2023Layout()
    {
        using var dir = new TempDir();
        dir.Write("babylm_10M/aochildes.train", "a b\n");
        dir.Write("babylm_dev/aochildes.dev", "d\n");
        var layout = CorpusLayout.Open(dir.Path);
        Assert.Equal(LayoutKind.Babylm2023, layout.Kind);
        Assert.Equal("babylm_10M", layout.ResolveTrainSplit());
        Assert.Equal("babylm_dev", layout.DevSplit);
    }

    [Fact]
    public void Open_AcceptsAFolderOfTextFiles_AndASingleFile()
    {
        using var dir = new TempDir();
        var one = dir.Write("stories.txt", "once upon a time\n");
        dir.Write("dialogue.txt", "hi\n");
        dir.Write("notes.json", "{}");
        var folder = CorpusLayout.Open(dir.Path);
        Assert.Equal(LayoutKind.Folder, folder.Kind);
        Assert.Equal(["dialogue", "stories"], folder.Files.Select(f => f.Source));
        var file = CorpusLayout.Open(one);
        Assert.Equal(LayoutKind.SingleFile, file.Kind);
        Assert.Equal("stories", file.Files.Single().Source);
    }

    [Fact]
    public void Open_MissingPath_IsAClearError()
    {
        var ex = Assert.Throws<BabyLmException>(() => CorpusLayout.Open("/nonexistent/corpus"));
        Assert.Contains("/nonexistent/corpus", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Open_LayoutWithoutTrainSplit_IsAClearError()
    {
        using var dir = new TempDir();
        dir.Write("dev/childes.dev", "a\n");
        dir.Write("test/childes.test", "b\n");
        var ex = Assert.Throws<BabyLmException>(() => CorpusLayout.Open(dir.Path));
        Assert.Contains("no train split", ex.Message);
        Assert.Contains("train_10M", ex.Hint);
    }

    [Fact]
    public void Open_FolderWithoutTextFiles_IsAClearError()
    {
        using var dir = new TempDir();
        dir.Write("data.bin", "x");
        var ex = Assert.Throws<BabyLmException>(() => CorpusLayout.Open(dir.Path));
        Assert.Contains("no text files", ex.Message);
    }

    [Fact]
    public void ResolveTrainSplit_WithSeveralTrainSplits_AsksForOne()
    {
        using var dir = new TempDir();
        dir.Write("train_10M/a.train", "x\n");
        dir.Write("train_100M/a.train", "y\n");
        var layout = CorpusLayout.Open(dir.Path);
        var ex = Assert.Throws<BabyLmException>(() => layout.ResolveTrainSplit());
        Assert.Contains("--split", ex.Hint);
        Assert.Equal("train_100M", layout.ResolveTrainSplit("train_100M"));
        Assert.Throws<BabyLmException>(() => layout.ResolveTrainSplit("train_1B"));
    }

    [Fact]
    public void Reading_InvalidUtf8_NamesFileAndLine()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("train_10M/bad.train", [.. "good line\nsecond ok\n"u8, 0x61, 0xC3, 0x28, (byte)'\n']);
        var ex = Assert.Throws<BabyLmException>(() => CorpusStatsBuilder.Compute(CorpusLayout.Open(dir.Path), CleaningProfile.None));
        Assert.Contains($"{path}:3", ex.Message);
        Assert.Contains("UTF-8", ex.Message);
        Assert.Contains("byte 2", ex.Message);
    }

    [Fact]
    public void Reading_LongLinesAndNoFinalNewline_AreReadWhole()
    {
        using var dir = new TempDir();
        var longLine = string.Join(' ', Enumerable.Repeat("word", 400_000)); // 2 MB: bigger than the read buffer
        var path = dir.Write("t.txt", "first\n" + longLine + "\nlast without newline");
        var lines = new List<int>();
        LineReader.ForEachLine(path, (l, _) => lines.Add(l.Length));
        Assert.Equal([5, longLine.Length, "last without newline".Length], lines);
    }

    [Fact]
    public void ChildesCleaning_StripsTagsHeadersAndAnnotations()
    {
        byte[] scratch = [];
        string Clean(string s) => System.Text.Encoding.UTF8.GetString(CleaningProfile.Childes.Apply(System.Text.Encoding.UTF8.GetBytes(s), ref scratch));
        Assert.Equal("", Clean("= = = childes/Brown/Adam/020304.cha = = ="));
        Assert.Equal("where is the ball ?", Clean("*MOT:\twhere is  the ball [= points] ?"));
        Assert.Equal("uh huh", Clean("A:\tuh huh"));
        Assert.Equal("the = sign stays", Clean("the = sign stays"));
        Assert.Equal("plain text", Clean("plain text"));
        var none = CleaningProfile.None.Apply("*MOT:\tx"u8, ref scratch);
        Assert.Equal("*MOT:\tx", System.Text.Encoding.UTF8.GetString(none));
        Assert.Throws<BabyLmException>(() => CleaningProfile.Parse("aggressive"));
    }
}
