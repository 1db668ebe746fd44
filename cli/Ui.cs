// Console output for commands: a Spectre console bound to the invocation's output writer (so tests can
// capture it), plain when not on a terminal. Progress bars only on a terminal.
using System.CommandLine;
using Spectre.Console;

namespace BabyLm.Cli;

internal static class Ui
{
    public static IAnsiConsole Console(ParseResult parse)
    {
        var writer = parse.InvocationConfiguration.Output;
        bool terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>True when a live progress display makes sense (interactive terminal).</summary>
    public static bool Interactive(ParseResult parse)
        => ReferenceEquals(parse.InvocationConfiguration.Output, System.Console.Out) && !System.Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with a progress bar on a terminal, or plainly otherwise.</summary>
    public static T WithProgress<T>(ParseResult parse, string title, Func<Action<double, string?>, T> work)
    {
        if (!Interactive(parse)) return work((_, _) => { });
        T result = default!;
        Console(parse).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1.0);
                result = work((fraction, label) =>
                {
                    task.Value = Math.Clamp(fraction, 0, 1);
                    if (label is not null) task.Description = $"{title}: {Markup.Escape(label)}";
                });
                task.Value = 1.0;
            });
        return result;
    }

    public static string Escape(string s) => Markup.Escape(s);
}
