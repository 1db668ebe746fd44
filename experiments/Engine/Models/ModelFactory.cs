// Builds the network a config names, on a backend.
using BabyLm.Core;

namespace BabyLm.Engine.Models;

public static class ModelFactory
{
    public static ILanguageModel Create(ModelConfig config, int vocab, IBackend backend) => config.Arch switch
    {
        "gpt" => new Gpt(config, vocab, backend),
        "llama" => new Llama(config, vocab, backend),
        "bert" => new Bert(config, vocab, backend),
        _ => throw new BabyLmException(Suggest.Unknown("model.arch", config.Arch, ModelConfig.Archs)),
    };
}
