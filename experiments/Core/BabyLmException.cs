namespace BabyLm;

/// <summary>
/// An error caused by the user's input or environment (a bad path, a malformed file, an invalid
/// setting), as opposed to a bug. The CLI prints <see cref="Exception.Message"/> as one line and
/// <see cref="Hint"/> on the next, and exits with code 2; the stack trace only with <c>--verbose</c>.
/// Messages name the file, line or key path, what was wrong and what is allowed.
/// </summary>
public class BabyLmException : Exception
{
    public BabyLmException(string message, string? hint = null, Exception? inner = null)
        : base(message, inner) => Hint = hint;

    /// <summary>What the user can do about it, or null.</summary>
    public string? Hint { get; }
}
