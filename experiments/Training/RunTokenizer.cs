// The run's own copy of its tokenizer (tokenizer.json in the run folder): evaluation and export need
// nothing else. It is copied atomically, so a full disk or a kill leaves either no file or the whole file.
// A torn copy that an older version left (not valid JSON, e.g. after a full disk) is replaced; a readable
// copy must be the tokenizer the config resolves to.
using BabyLm.Core;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Experiments.Training;

public static class RunTokenizer
{
    public static void Ensure(string runDir, ResolvedData data, Action<string> log)
    {
        var path = Path.Combine(runDir, RunModel.TokenizerFile);
        if (!File.Exists(path))
        {
            AtomicFile.Copy(data.TokenizerPath, path);
            return;
        }
        BpeTokenizer copy;
        try
        {
            copy = BpeTokenizer.Load(path);
        }
        catch (BabyLmException ex)
        {
            log($"replacing {path}: {ex.Message} (a torn copy)");
            AtomicFile.Copy(data.TokenizerPath, path);
            return;
        }
        if (copy.ContentHash() != data.Tokenizer.ContentHash())
            throw new BabyLmException($"{path} differs from the tokenizer this config resolves to ({data.TokenizerPath})", "train into a new run folder");
    }
}
