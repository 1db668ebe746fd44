// Turns utterances (chosen by the curriculum) into training batches.
//   clm: each utterance is framed as "<s> tokens" — <s> doubles as the boundary, so the model learns to
//        end a sentence by predicting the next <s>. Packed: the framed utterances form one stream cut
//        into rows of T+1 tokens (inputs = first T, targets = last T). Sentences: one utterance per row,
//        padded, with valid lengths.
//   mlm: each utterance is framed as "<s> tokens </s>" (RoBERTa); a share of the non-special tokens is
//        selected (mask rate), of which mask_token_prob become <mask>, random_token_prob a random token,
//        the rest unchanged; targets are the original tokens at selected positions.
// Words seen are counted per utterance when it enters a batch (its full BabyLM word count), so repeats
// and skips by a curriculum are counted exactly as fed.
using System.Buffers.Binary;
using BabyLm.Core;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine;

namespace BabyLm.Experiments.Training;

public sealed record BatcherOptions
{
    public required string Objective { get; init; }
    public required string Packing { get; init; }
    public required int VocabSize { get; init; }
    public required long Seed { get; init; }
    public double MaskTokenProb { get; init; } = 0.8;
    public double RandomTokenProb { get; init; } = 0.1;
    public bool NeverUnmasked { get; init; }
}

public sealed class Batcher
{
    private readonly TokenShard _shard;
    private readonly ICurriculum _curriculum;
    private readonly BatcherOptions _options;
    private readonly bool _mlm;
    private readonly bool _packed;
    private Rng _maskRng;
    // Packed stream: tokens framed but not yet placed in a row.
    private readonly List<int> _pending = [];
    private int[] _scratch = new int[256];

    public Batcher(TokenShard shard, ICurriculum curriculum, BatcherOptions options)
    {
        _shard = shard;
        _curriculum = curriculum;
        _options = options;
        _mlm = options.Objective == "mlm";
        _packed = options.Packing == "packed";
        _maskRng = Rng.Stream(options.Seed, "masking");
        if (shard.Count == 0) throw new BabyLmException($"token shard {shard.Directory} holds no utterances");
    }

    /// <summary>Fills <paramref name="batch"/> (its B and T) at training progress <paramref name="progress"/>.</summary>
    public void Fill(Batch batch, double progress, double maskRate)
    {
        batch.Words = 0;
        batch.Tokens = 0;
        batch.TargetCount = 0;
        batch.Padded = false;
        int T = batch.T;
        for (int row = 0; row < batch.B; row++)
        {
            var inputs = batch.Inputs.AsSpan(row * T, T);
            var targets = batch.Targets.AsSpan(row * T, T);
            int valid = _packed ? FillPackedRow(inputs, targets, batch, progress) : FillSentenceRow(inputs, targets, batch, progress);
            batch.ValidLengths[row] = valid;
            if (valid < T) batch.Padded = true;
            batch.Tokens += valid;
        }
        if (_mlm) Mask(batch, maskRate);
        for (int i = 0; i < batch.Inputs.Length; i++)
            if (batch.Targets[i] != Batch.Ignore) batch.TargetCount++;
    }

    private int PullUtterance(double progress, out int length, Batch batch)
    {
        int u = _curriculum.NextUtterance(progress);
        ref readonly var r = ref _shard[u];
        batch.Words += r.Words;
        length = r.Length;
        if (_scratch.Length < length + 2) _scratch = new int[Math.Max(length + 2, _scratch.Length * 2)];
        _scratch[0] = BpeTokenizer.BosId;
        _shard.CopyTokens(u, _scratch.AsSpan(1, length));
        int n = length + 1;
        if (_mlm) _scratch[n++] = BpeTokenizer.EosId;
        return n;
    }

    private int FillPackedRow(Span<int> inputs, Span<int> targets, Batch batch, double progress)
    {
        int T = inputs.Length;
        int need = _mlm ? T : T + 1;
        while (_pending.Count < need)
        {
            int n = PullUtterance(progress, out _, batch);
            for (int i = 0; i < n; i++) _pending.Add(_scratch[i]);
        }
        for (int t = 0; t < T; t++) inputs[t] = _pending[t];
        if (_mlm) targets.Fill(Batch.Ignore);
        else for (int t = 0; t < T; t++) targets[t] = _pending[t + 1];
        _pending.RemoveRange(0, need);
        return T;
    }

    private int FillSentenceRow(Span<int> inputs, Span<int> targets, Batch batch, double progress)
    {
        int T = inputs.Length;
        int n = PullUtterance(progress, out _, batch);
        inputs.Fill(BpeTokenizer.PadId);
        targets.Fill(Batch.Ignore);
        if (_mlm)
        {
            int len = Math.Min(n, T);
            _scratch.AsSpan(0, len).CopyTo(inputs);
            return len;
        }
        // clm: "<s> u" then the boundary <s> as the last target.
        _scratch[n] = BpeTokenizer.BosId;
        int valid = Math.Min(n, T);
        for (int t = 0; t < valid; t++)
        {
            inputs[t] = _scratch[t];
            targets[t] = _scratch[t + 1];
        }
        return valid;
    }

    private void Mask(Batch batch, double rate)
    {
        double pMask = _options.MaskTokenProb;
        double pRandom = _options.RandomTokenProb;
        if (_options.NeverUnmasked) pMask = 1 - pRandom;
        int T = batch.T;
        for (int row = 0; row < batch.B; row++)
        {
            int valid = batch.ValidLengths[row];
            for (int t = 0; t < valid; t++)
            {
                int i = row * T + t;
                int token = batch.Inputs[i];
                batch.Targets[i] = Batch.Ignore;
                if (token < BpeTokenizer.ByteOffset) continue; // specials are never selected
                if (_maskRng.NextDouble() >= rate) continue;
                batch.Targets[i] = token;
                double u = _maskRng.NextDouble();
                if (u < pMask) batch.Inputs[i] = BpeTokenizer.MaskId;
                else if (u < pMask + pRandom) batch.Inputs[i] = BpeTokenizer.ByteOffset + _maskRng.NextInt(_options.VocabSize - BpeTokenizer.ByteOffset);
            }
        }
    }

    /// <summary>Pending stream tokens, masking RNG and curriculum state: enough to continue identically.</summary>
    public byte[] SaveState()
    {
        var curriculum = _curriculum.SaveState();
        var rng = _maskRng.GetState();
        var bytes = new byte[4 + _pending.Count * 4 + 32 + 4 + curriculum.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, _pending.Count);
        int o = 4;
        foreach (var t in _pending) { BinaryPrimitives.WriteInt32LittleEndian(span[o..], t); o += 4; }
        foreach (var s in rng) { BinaryPrimitives.WriteUInt64LittleEndian(span[o..], s); o += 8; }
        BinaryPrimitives.WriteInt32LittleEndian(span[o..], curriculum.Length);
        curriculum.CopyTo(span[(o + 4)..]);
        return bytes;
    }

    public void RestoreState(ReadOnlySpan<byte> state)
    {
        int n = BinaryPrimitives.ReadInt32LittleEndian(state);
        _pending.Clear();
        int o = 4;
        for (int i = 0; i < n; i++) { _pending.Add(BinaryPrimitives.ReadInt32LittleEndian(state[o..])); o += 4; }
        var rng = new ulong[4];
        for (int i = 0; i < 4; i++) { rng[i] = BinaryPrimitives.ReadUInt64LittleEndian(state[o..]); o += 8; }
        _maskRng = Rng.FromState(rng);
        int clen = BinaryPrimitives.ReadInt32LittleEndian(state[o..]);
        _curriculum.RestoreState(state.Slice(o + 4, clen));
    }
}
