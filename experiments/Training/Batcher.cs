// Turns utterances (chosen by the curriculum) into training batches.
//   clm: each utterance is framed as "<s> tokens" — <s> doubles as the boundary, so the model learns to
//        end a sentence by predicting the next <s>. Packed: the framed utterances form one stream cut
//        into rows of T+1 tokens (inputs = first T, targets = last T). Sentences: one utterance per row,
//        padded, with valid lengths.
//   mlm: each utterance is framed as "<s> tokens </s>" (RoBERTa); a share of the non-special tokens is
//        selected (mask rate), of which mask_token_prob become <mask>, random_token_prob a random token,
//        the rest unchanged; targets are the original tokens at selected positions.
// Words seen are counted when a word's last token is consumed (placed in a row, as input or as target),
// so a long utterance spread over many rows counts its words as they are fed, a sentence truncated to the
// context counts only the words it kept, and repeats and skips by a curriculum count exactly as fed. Over
// whole utterances the count is the BabyLM word count (`len(line.split())`) of exactly the text trained on.
// Which token ends a word comes from the tokenizer's bytes of the utterance (Words.Ends); the pending
// stream keeps the count per token, and a checkpoint keeps it with the pending tokens.
using System.Buffers.Binary;
using BabyLm.Core;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Text;
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
    /// <summary>The tokenizer of the shard: words are counted from its token bytes. Null: words are not counted (batch.Words stays 0).</summary>
    public BpeTokenizer? Tokenizer { get; init; }
}

public sealed class Batcher
{
    private readonly TokenShard _shard;
    private readonly ICurriculum _curriculum;
    private readonly BatcherOptions _options;
    private readonly bool _mlm;
    private readonly bool _packed;
    private Rng _maskRng;
    // Packed stream: tokens framed but not yet placed in a row, and how many words end at each of them.
    private readonly List<int> _pending = [];
    private readonly List<int> _pendingEnds = [];
    private int[] _scratch = new int[256];
    private int[] _scratchEnds = new int[256];
    // Word-end scratch: the bytes of one utterance, where each token starts in them, the word ends.
    private byte[] _bytes = new byte[1024];
    private int[] _starts = new int[256];
    private readonly List<int> _ends = [];

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

    /// <summary>Frames the next utterance into _scratch (and its words ending per position into _scratchEnds); returns the framed length.</summary>
    private int PullUtterance(double progress, out int length)
    {
        int u = _curriculum.NextUtterance(progress);
        length = _shard[u].Length;
        if (_scratch.Length < length + 3)
        {
            _scratch = new int[Math.Max(length + 3, _scratch.Length * 2)];
            _scratchEnds = new int[_scratch.Length];
        }
        _scratch[0] = BpeTokenizer.BosId;
        _shard.CopyTokens(u, _scratch.AsSpan(1, length));
        int n = length + 1;
        if (_mlm) _scratch[n++] = BpeTokenizer.EosId;
        _scratchEnds.AsSpan(0, n + 1).Clear();
        CountWordEnds(_scratch.AsSpan(1, length), _scratchEnds.AsSpan(1, length));
        return n;
    }

    /// <summary>For each token of one run of text tokens, how many words end in it (their last byte is in its bytes).</summary>
    private void CountWordEnds(ReadOnlySpan<int> tokens, Span<int> ends)
    {
        var tokenizer = _options.Tokenizer;
        if (tokenizer is null || tokens.Length == 0) return;
        if (_starts.Length < tokens.Length + 1) _starts = new int[Math.Max(tokens.Length + 1, _starts.Length * 2)];
        int size = 0;
        for (int k = 0; k < tokens.Length; k++)
        {
            var bytes = tokenizer.TokenBytes(tokens[k]);
            _starts[k] = size;
            if (_bytes.Length < size + bytes.Length) Array.Resize(ref _bytes, Math.Max(size + bytes.Length, _bytes.Length * 2));
            bytes.CopyTo(_bytes.AsSpan(size));
            size += bytes.Length;
        }
        _starts[tokens.Length] = size;
        _ends.Clear();
        Words.Ends(_bytes.AsSpan(0, size), _ends);
        // A word ending at offset e (exclusive) ends in the token holding byte e - 1.
        int token = 0;
        foreach (int e in _ends)
        {
            while (_starts[token + 1] <= e - 1) token++;
            ends[token]++;
        }
    }

    private static long Sum(ReadOnlySpan<int> counts)
    {
        long sum = 0;
        foreach (var c in counts) sum += c;
        return sum;
    }

    private int FillPackedRow(Span<int> inputs, Span<int> targets, Batch batch, double progress)
    {
        int T = inputs.Length;
        int need = _mlm ? T : T + 1;
        while (_pending.Count < need)
        {
            int n = PullUtterance(progress, out _);
            for (int i = 0; i < n; i++)
            {
                _pending.Add(_scratch[i]);
                _pendingEnds.Add(_scratchEnds[i]);
            }
        }
        for (int t = 0; t < T; t++) inputs[t] = _pending[t];
        if (_mlm) targets.Fill(Batch.Ignore);
        else for (int t = 0; t < T; t++) targets[t] = _pending[t + 1];
        // The `need` tokens leave the stream (clm: the last one as a target only): the words ending in them are seen.
        for (int t = 0; t < need; t++) batch.Words += _pendingEnds[t];
        _pending.RemoveRange(0, need);
        _pendingEnds.RemoveRange(0, need);
        return T;
    }

    private int FillSentenceRow(Span<int> inputs, Span<int> targets, Batch batch, double progress)
    {
        int T = inputs.Length;
        int n = PullUtterance(progress, out int length);
        inputs.Fill(BpeTokenizer.PadId);
        targets.Fill(Batch.Ignore);
        if (_mlm)
        {
            int len = Math.Min(n, T);
            _scratch.AsSpan(0, len).CopyTo(inputs);
            // Inputs are positions [0, len): the utterance's tokens 1 … min(len - 1, length).
            batch.Words += Sum(_scratchEnds.AsSpan(1, Math.Max(0, Math.Min(len - 1, length))));
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
        // Positions [0, valid] appear as input or target: the utterance's tokens 1 … min(valid, length).
        batch.Words += Sum(_scratchEnds.AsSpan(1, Math.Min(valid, length)));
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

    /// <summary>
    /// Pending stream tokens, masking RNG and curriculum state: enough to continue identically. The words
    /// ending at each pending token follow at the end (a state written before they were kept has none; they are
    /// then recomputed from the tokens).
    /// </summary>
    public byte[] SaveState()
    {
        var curriculum = _curriculum.SaveState();
        var rng = _maskRng.GetState();
        var bytes = new byte[4 + _pending.Count * 4 + 32 + 4 + curriculum.Length + 4 + _pendingEnds.Count * 4];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, _pending.Count);
        int o = 4;
        foreach (var t in _pending) { BinaryPrimitives.WriteInt32LittleEndian(span[o..], t); o += 4; }
        foreach (var s in rng) { BinaryPrimitives.WriteUInt64LittleEndian(span[o..], s); o += 8; }
        BinaryPrimitives.WriteInt32LittleEndian(span[o..], curriculum.Length);
        curriculum.CopyTo(span[(o + 4)..]);
        o += 4 + curriculum.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[o..], _pendingEnds.Count);
        o += 4;
        foreach (var e in _pendingEnds) { BinaryPrimitives.WriteInt32LittleEndian(span[o..], e); o += 4; }
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
        o += 4 + clen;
        _pendingEnds.Clear();
        if (state.Length >= o + 4 && BinaryPrimitives.ReadInt32LittleEndian(state[o..]) == n && state.Length >= o + 4 + 4 * n)
        {
            for (int i = 0; i < n; i++) _pendingEnds.Add(BinaryPrimitives.ReadInt32LittleEndian(state[(o + 4 + 4 * i)..]));
            return;
        }
        // An older state: the text between framing tokens is (the rest of) one utterance each.
        var tokens = _pending.ToArray();
        var ends = new int[n];
        for (int start = 0; start < n;)
        {
            if (tokens[start] < BpeTokenizer.ByteOffset) { start++; continue; }
            int end = start;
            while (end < n && tokens[end] >= BpeTokenizer.ByteOffset) end++;
            CountWordEnds(tokens.AsSpan(start, end - start), ends.AsSpan(start, end - start));
            start = end;
        }
        _pendingEnds.AddRange(ends);
    }
}
