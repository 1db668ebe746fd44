// BenchmarkDotNet entry: `dotnet run -c Release --project tests/BabyLm.Benchmarks -- --filter '*'`.
// `make bench` runs these after `babylm bench all` (which holds the side-by-side baseline ratios).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
