// The layering the README promises, read from the built assemblies' metadata (not from the sources): the
// engine references only the core project of ours, and none of its types or members names a type of
// training, sweeps, analysis, the CLI, YAML or file I/O; the core references nothing of ours.
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using BabyLm.Engine.Models;

namespace BabyLm.Engine.Tests;

public sealed class EngineLayeringTests
{
    /// <summary>The names of the assemblies it references, and the full names of the types it uses from them.</summary>
    private static (List<string> Assemblies, List<string> Types) References(System.Reflection.Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var assemblies = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        var types = md.TypeReferences.Select(h =>
        {
            var t = md.GetTypeReference(h);
            return $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}";
        }).ToList();
        return (assemblies, types);
    }

    private static readonly string[] ForbiddenNamespaces =
        ["BabyLm.Experiments", "BabyLm.Corpus", "BabyLm.Analysis", "BabyLm.Cli", "YamlDotNet", "Spectre", "Microsoft.Data"];

    private static readonly string[] FileIo =
        ["System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo",
         "System.IO.FileSystemInfo", "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.FileSystemWatcher",
         "System.IO.MemoryMappedFiles.MemoryMappedFile", "System.IO.RandomAccess"];

    [Fact]
    public void The_engine_references_only_the_core_project_of_ours()
    {
        var (assemblies, _) = References(typeof(IBackend).Assembly);
        var ours = assemblies.Where(a => a.StartsWith("BabyLm", StringComparison.Ordinal)).ToList();
        Assert.Equal(["BabyLm.Core"], ours);
        Assert.All(assemblies, a => Assert.True(a is "BabyLm.Core" or "netstandard" || a.StartsWith("System", StringComparison.Ordinal),
            $"BabyLm.Engine references {a}"));
    }

    [Fact]
    public void No_engine_type_uses_training_sweeps_analysis_yaml_or_file_io()
    {
        var (_, types) = References(typeof(ILanguageModel).Assembly);
        Assert.Contains("System.Span`1", types);   // the reader sees the references (a check that reads nothing would pass anything)
        var bad = types.Where(t => ForbiddenNamespaces.Any(n => t.StartsWith(n + ".", StringComparison.Ordinal)) || FileIo.Contains(t)).ToList();
        Assert.True(bad.Count == 0, "BabyLm.Engine uses " + string.Join(", ", bad));
    }

    [Fact]
    public void The_core_references_nothing_of_ours()
    {
        var (assemblies, _) = References(typeof(BabyLmException).Assembly);
        Assert.DoesNotContain(assemblies, a => a.StartsWith("BabyLm", StringComparison.Ordinal));
    }
}
