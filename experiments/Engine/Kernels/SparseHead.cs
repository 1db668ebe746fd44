// Scoring only the positions that have a target: the final hidden rows with a target are gathered, and
// only they go through the output projection and the softmax. A masked-LM pseudo-log-likelihood row has
// one target among ~10 positions, and the projection onto the vocabulary is the largest matmul of a
// small model, so this is most of the cost of scoring.

namespace BabyLm.Engine.Kernels;

internal sealed class SparseHead
{
    private float[] _hidden = [], _logits = [], _losses = [];
    private int[] _targets = [], _rows = [];

    /// <summary>
    /// logProbs[n] = log softmax(hidden[n,:]·Wᵀ + bias)[targets[n]] for every row with a target, 0 elsewhere.
    /// hidden [N,C], weight [V,C], bias [V] or empty, targets [N] (Batch.Ignore = none).
    /// </summary>
    public void LogProbs(ReadOnlySpan<float> hidden, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<int> targets,
        Span<float> logProbs, int N, int C, int V, WorkerPool pool)
    {
        int M = 0;
        if (_rows.Length < N) _rows = new int[N];
        for (int n = 0; n < N; n++) if (targets[n] != Batch.Ignore) _rows[M++] = n;
        logProbs[..N].Clear();
        if (M == 0) return;
        if (_hidden.Length < M * C) _hidden = new float[M * C];
        if (_logits.Length < (long)M * V) _logits = new float[(long)M * V];
        if (_losses.Length < M) { _losses = new float[M]; _targets = new int[M]; }
        for (int m = 0; m < M; m++)
        {
            hidden.Slice(_rows[m] * C, C).CopyTo(_hidden.AsSpan(m * C, C));
            _targets[m] = targets[_rows[m]];
        }
        MatMul.Forward(_hidden.AsSpan(0, M * C), weight, bias, _logits.AsSpan(0, M * V), M, C, V, pool);
        SoftmaxCrossEntropy.Forward(_logits.AsSpan(0, M * V), _targets.AsSpan(0, M), _losses.AsSpan(0, M), M, V, Batch.Ignore, 0f, pool);
        for (int m = 0; m < M; m++) logProbs[_rows[m]] = -_losses[m];
    }
}
