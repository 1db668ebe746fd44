// Builds the network a config names.
using BabyLm.Experiments.Kernels;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Models;

public static class ModelFactory
{
    public static ILanguageModel Create(ModelConfig config, int vocab, WorkerPool pool) => config.Arch switch
    {
        "gpt" => new Gpt(config, vocab, pool),
        "llama" => new Llama(config, vocab, pool),
        "bert" => new Bert(config, vocab, pool),
        _ => throw new BabyLmException(BabyLm.Corpus.Util.Suggest.Unknown("model.arch", config.Arch, ModelConfig.Archs)),
    };
}
