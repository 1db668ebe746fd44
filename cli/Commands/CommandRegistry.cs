// The list of top-level commands. Each command file exposes `Create()`; add new ones here.
using System.CommandLine;

namespace BabyLm.Cli.Commands;

internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return CorpusCommand.Create();
        yield return TokenizerCommand.Create();
        yield return ProbesCommand.Create();
        yield return TrainCommand.Create();
        yield return ExportCommand.Create();
        yield return EvalCommand.Create();
        yield return BaselinesCommand.Create();
        yield return CurriculumCommand.Create();
        yield return ValidateCommand.Create();
        yield return SweepCommand.Create();
        yield return RunCommand.Create();
        yield return StatusCommand.Create();
        yield return CollectCommand.Create();
        yield return QueryCommand.Create();
        yield return ExportTableCommand.Create();
        yield return ReportCommand.Create();
        yield return BenchCommand.Create();
        yield return DemoCommand.Create();
    }
}
