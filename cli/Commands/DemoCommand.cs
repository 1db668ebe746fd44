// `babylm demo`: the main job on the built-in defaults. Not built yet (the demo issue).
using System.CommandLine;

namespace BabyLm.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the built-in curriculum comparison end to end (not yet available).");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine("not yet: the demo lands with the demo issue.");
            return 0;
        });
        return command;
    }
}
