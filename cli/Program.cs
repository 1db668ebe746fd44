// Entry point of `babylm`: builds the command tree and runs it under one top-level error handler.
using BabyLm.Cli;

return CliApp.Run(args);
