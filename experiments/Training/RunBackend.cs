// Where a run computes: the backend its `device`, `gpu`, `precision` and `threads` keys name. For cuda,
// the places cuBLAS is looked for (this layer may look at the file system; the engine does not), and
// the message a user gets when a model, batch and context do not fit the GPU — what they need, what
// the GPU has, and the batch that would fit.
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Models;

namespace BabyLm.Experiments.Training;

public static class RunBackend
{
    /// <summary>A file or folder of libcublas.so.13/12 to use; "none" uses babylm's own GEMM.</summary>
    public const string CublasVariable = "BABYLM_CUBLAS";

    /// <summary>The backend of <paramref name="cfg"/>; for cuda, fails (CudaUnavailableException) before any work when no GPU is usable.</summary>
    public static IBackend Create(RunConfig cfg, int threadsOverride = 0)
    {
        int threads = threadsOverride > 0 ? threadsOverride : cfg.Threads;
        if (cfg.Device != "cuda") return new CpuBackend(threads);
        return CudaBackend.Open(new CudaOptions
        {
            Gpu = cfg.Gpu,
            Precision = ParsePrecision(cfg.Precision),
            CublasCandidates = CublasCandidates(),
        });
    }

    public static Precision ParsePrecision(string precision) => precision switch
    {
        "tf32" => Precision.Tf32,
        "bf16" => Precision.Bf16,
        _ => Precision.Fp32,
    };

    /// <summary>
    /// Where cuBLAS is looked for, in order: $BABYLM_CUBLAS alone when set ("none": nowhere); else the CUDA
    /// toolkit ($CUDA_HOME, $CUDA_PATH, /usr/local/cuda, /usr/local/cuda-*), the NVIDIA wheels beside a
    /// PyTorch install (site-packages/nvidia/cu13/lib and nvidia/cublas/lib of the active virtual or conda
    /// environment, the user's and the system's Pythons), then the system's library search.
    /// </summary>
    public static IReadOnlyList<string> CublasCandidates()
    {
        if (Environment.GetEnvironmentVariable(CublasVariable) is { Length: > 0 } chosen)
            return chosen == "none" ? [] : [chosen];
        var found = new List<string>();
        void Add(string? dir)
        {
            if (!string.IsNullOrEmpty(dir) && Directory.Exists(dir) && !found.Contains(dir)) found.Add(dir);
        }
        foreach (var root in new[] { Environment.GetEnvironmentVariable("CUDA_HOME"), Environment.GetEnvironmentVariable("CUDA_PATH"), "/usr/local/cuda" })
            if (root is { Length: > 0 }) Add(Path.Combine(root, "lib64"));
        foreach (var dir in Glob("/usr/local", "cuda-*").OrderByDescending(d => d, StringComparer.Ordinal)) Add(Path.Combine(dir, "lib64"));
        var pythonRoots = new List<string>();
        foreach (var env in new[] { "VIRTUAL_ENV", "CONDA_PREFIX" })
            if (Environment.GetEnvironmentVariable(env) is { Length: > 0 } prefix) pythonRoots.Add(Path.Combine(prefix, "lib"));
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home) pythonRoots.Add(Path.Combine(home, ".local", "lib"));
        pythonRoots.AddRange(["/usr/local/lib", "/usr/lib", "/opt/conda/lib"]);
        foreach (var root in pythonRoots)
            foreach (var python in Glob(root, "python3*").OrderByDescending(d => d, StringComparer.Ordinal))
                foreach (var packages in new[] { "site-packages", "dist-packages" })
                {
                    Add(Path.Combine(python, packages, "nvidia", "cu13", "lib"));
                    Add(Path.Combine(python, packages, "nvidia", "cublas", "lib"));
                }
        found.Add("");  // the system's search (LD_LIBRARY_PATH, ldconfig)
        return found;
    }

    private static IEnumerable<string> Glob(string dir, string pattern)
    {
        try
        {
            return Directory.Exists(dir) ? Directory.GetDirectories(dir, pattern) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// What a run of <paramref name="model"/> holds on its device for batches of context tokens: the model (parameters,
    /// gradients, AdamW state and what does not grow with the batch), and the activations and logits of each sequence.
    /// </summary>
    public static (long Model, long PerSequence) Footprint(ModelConfig model, int vocab, int context)
    {
        var one = MemoryEstimate.Of(model, vocab, 1, context);
        var two = MemoryEstimate.Of(model, vocab, 2, context);
        long perSequence = (long)(4 * (two.Activations - one.Activations));
        long optimizer = 2L * sizeof(float) * (long)one.Parameters + (long)one.Parameters;  // m, v and the decay mask
        long weights = 2L * sizeof(float) * (long)one.Parameters;                             // parameters and gradients
        return (weights + optimizer + (long)(4 * one.Activations) - perSequence, perSequence);
    }

    /// <summary>The out-of-memory error a user can act on: what the run needs, what the GPU has, what batch would fit.</summary>
    public static BabyLmException OutOfMemory(CudaOutOfMemoryException e, RunConfig cfg, int vocab, int sequences)
    {
        var (model, perSequence) = Footprint(cfg.Model, vocab, cfg.Model.Context);
        long need = model + perSequence * sequences;
        long usable = e.FreeBytes + e.AllocatedBytes - CudaBackend.OwnBytes;  // the free memory and the run's own, less the backend's staging
        long fit = perSequence > 0 ? (usable - model) / perSequence : 0;
        string Mib(long b) => CudaOutOfMemoryException.Mib(b);
        var hint = fit >= 1
            ? $"batch.sequences: {Math.Min(fit, sequences - 1)} would fit (with batch.accumulation to keep the batch size), or a shorter model.context"
            : "even one sequence does not fit: use a smaller model (model.width, model.layers) or context";
        return new BabyLmException(
            $"GPU out of memory on {e.Device}: this run needs ≈ {Mib(need)} — {Mib(model)} for the {cfg.Model.Arch} model's parameters, gradients and AdamW state " +
            $"and {Mib(perSequence * sequences)} for a batch of {sequences} × {cfg.Model.Context} tokens ({Mib(perSequence)} a sequence); the GPU has {Mib(usable)} for it of {Mib(e.TotalBytes)}.",
            hint, e);
    }
}
