// One curriculum, as the trainer sees it (ICurriculum): the next utterance from a fixed order or a paced
// data curriculum, the vocabulary filter, the sequence-length and masking-rate schedules, self-perplexity
// rescoring, and its whole state as bytes. Built by CurriculumBuilder. Beyond the interface it shows what
// it would do (difficulty, eligible share, ranking) for `babylm curriculum show`.
//   sequence length  seq_len pacing with d0 = seq_len_start / context and dmax = 1:
//                    L = round(d·context), clipped to [min(seq_len_start, context), context]
//   masking rate     mask_rate pacing with d0 = 0 and dmax = 1: rate = start + (end − start)·d
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Curricula;

public sealed class Curriculum : ICurriculum
{
    private readonly TokenShard _shard;
    private readonly IUtteranceSampler _sampler;
    private readonly PacedSampler? _paced;
    private readonly SelfPerplexity? _self;
    private readonly PacingParams _params;
    private readonly int _unkId;
    private readonly ulong _fingerprint;

    internal Curriculum(CurriculumConfig config, TokenShard shard, IUtteranceSampler sampler, PacedSampler? paced,
        SelfPerplexity? self, VocabularySchedule vocabulary, int unkId)
    {
        Config = config;
        _shard = shard;
        _sampler = sampler;
        _paced = paced;
        _self = self;
        Vocabulary = vocabulary;
        _params = PacingParams.From(config);
        _unkId = unkId;
        _fingerprint = CurriculumState.Fingerprint(config, shard.Count);
    }

    public CurriculumConfig Config { get; }
    public VocabularySchedule Vocabulary { get; }
    public int Epoch => _sampler.Epoch;

    /// <summary>True for a data curriculum (scorer × pacing); false for a fixed order.</summary>
    public bool Paced => _paced is not null;

    public int NextUtterance(double progress) => _sampler.Next(DataDifficulty(progress));

    /// <summary>The data difficulty fraction d at this progress (1 for fixed orders).</summary>
    public double DataDifficulty(double progress) => _paced is null ? 1.0 : Pacing.Difficulty(Config.Pacing, progress, _params);

    /// <summary>How many utterances are eligible at this progress.</summary>
    public int EligibleCount(double progress) => _paced?.EligibleCount(DataDifficulty(progress)) ?? _shard.Count;

    /// <summary>Utterances by difficulty rank, easiest first (data curricula); the first EligibleCount are eligible.</summary>
    public ReadOnlySpan<int> Ranking => _paced is null ? [] : _paced.Order;

    public void FilterInputs(Span<int> tokens, double progress) => Vocabulary.Filter(tokens, progress, _unkId);

    public int SequenceLength(double progress, int context)
    {
        if (Config.SeqLen == "none" || context <= 0) return context;
        int min = Math.Min(Config.SeqLenStart, context);
        var p = _params with { D0 = (double)min / context, Dmax = 1.0 };
        double d = Pacing.Difficulty(Config.SeqLen, progress, p);
        return Math.Clamp((int)Math.Round(d * context), min, context);
    }

    public double MaskRate(double progress, double configured)
    {
        if (Config.MaskRate == "none") return configured;
        double d = Pacing.Difficulty(Config.MaskRate, progress, _params with { D0 = 0.0, Dmax = 1.0 });
        return Config.MaskRateStart + (Config.MaskRateEnd - Config.MaskRateStart) * d;
    }

    public bool WantsRescore(long step) => _self?.Wants(step) ?? false;

    public void Rescore(Func<IReadOnlyList<int>, double[]> scoreBatch)
    {
        if (_self is null) return;
        _paced!.Rank(_self.Rescore(scoreBatch), _self.Round);
    }

    public byte[] SaveState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            CurriculumState.WriteHeader(w, _fingerprint);
            w.Write(_self is not null);
            _self?.Save(w);
            _sampler.Save(w);
        }
        return ms.ToArray();
    }

    public void RestoreState(ReadOnlySpan<byte> state)
    {
        using var r = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            CurriculumState.ReadHeader(r, _fingerprint);
            if (r.ReadBoolean() != (_self is not null)) throw CurriculumState.Mismatch("a different scorer", Config.Scorer);
            if (_self is not null)
            {
                _self.Restore(r);
                _paced!.Rank(_self.Scores(), _self.Round);
            }
            _sampler.Restore(r);
            if (r.BaseStream.Position != r.BaseStream.Length) throw CurriculumState.Damaged();
        }
        catch (EndOfStreamException)
        {
            throw CurriculumState.Damaged();
        }
    }
}
