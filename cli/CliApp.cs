// The command tree and the single top-level error handler. Each command lives in Commands/ and maps
// its outcome to an exit code: 0 success, 2 a user error (bad input, missing file, invalid config),
// 1 an internal error (a bug: the stack trace is printed so it can be reported), 130 interrupted.
using System.CommandLine;
using BabyLm.Cli.Commands;

namespace BabyLm.Cli;

public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInternal = 1;
    public const int ExitUserError = 2;
    public const int ExitInterrupted = 130;

    /// <summary>Global flag: show stack traces for errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces and extra diagnostics on errors.",
        Recursive = true,
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "babylm: train small language models on child-scale corpora under different data curricula, "
            + "and score them on grammaticality probes (BLiMP, Zorro, a built-in suite).")
        {
            Verbose,
        };
        foreach (var command in CommandRegistry.All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Runs the CLI with the given arguments; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        var root = BuildRoot();
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                error.WriteLine($"error: {e.Message}");
            error.WriteLine($"hint: run `babylm {string.Join(' ', CommandPath(parse))} --help` for usage.");
            return ExitUserError;
        }
        try
        {
            var config = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = output,
                Error = error,
            };
            return parse.Invoke(config);
        }
        catch (Exception ex)
        {
            return Report(ex, verbose, error);
        }
    }

    /// <summary>Prints one readable line (plus a hint) for an exception; returns the exit code.</summary>
    public static int Report(Exception ex, bool verbose, TextWriter error)
    {
        var root = Unwrap(ex);
        switch (root)
        {
            case BabyLmException user:
                error.WriteLine($"error: {user.Message}");
                if (user.Hint is { } hint) error.WriteLine($"hint: {hint}");
                if (verbose) error.WriteLine(user.ToString());
                return ExitUserError;
            case OperationCanceledException:
                error.WriteLine("interrupted.");
                return ExitInterrupted;
            case FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException:
                error.WriteLine($"error: {root.Message}");
                if (verbose) error.WriteLine(root.ToString());
                return ExitUserError;
            default:
                error.WriteLine($"internal error: {root.GetType().Name}: {root.Message}");
                error.WriteLine(verbose ? root.ToString() : "hint: rerun with --verbose for the stack trace, and report it.");
                return ExitInternal;
        }
    }

    private static Exception Unwrap(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        while (ex is System.Reflection.TargetInvocationException { InnerException: { } inner }) ex = inner;
        return ex;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Command is not RootCommand) names.Insert(0, r.Command.Name);
        return names;
    }
}
