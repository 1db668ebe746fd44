// Builds the network a config names.
using BabyLm.Engine;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

public static class ModelFactory
{
    public static ILanguageModel Create(ModelConfig config, int vocab, WorkerPool pool) => config.Arch switch
    {
        "gpt" => new Gpt(config, vocab, pool),
        "llama" => new Llama(config, vocab, pool),
        "bert" => new Bert(config, vocab, pool),
        _ => throw new BabyLmException(BabyLm.Core.Suggest.Unknown("model.arch", config.Arch, ModelConfig.Archs)),
    };
}
