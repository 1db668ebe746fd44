// The few POSIX calls the executors need and .NET does not offer: sending a signal other than SIGKILL
// to a child (so it can checkpoint), and asking who our parent is (so an orphaned run notices that the
// sweep that started it is gone and stops cleanly instead of training on unsupervised).
using System.Runtime.InteropServices;

namespace BabyLm.Experiments.Sweeps;

public static partial class Posix
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/> to a process; false when it is gone (or not ours).</summary>
    public static bool Signal(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    /// <summary>The parent's process id (1 or a subreaper once the parent has died).</summary>
    public static int ParentProcessId() => OperatingSystem.IsWindows() ? -1 : GetParentPid();

    /// <summary>
    /// Cancels <paramref name="cancel"/> once the process stops being a child of <paramref name="parentPid"/>
    /// (checked twice a second on a background thread).
    /// </summary>
    public static void CancelWhenOrphaned(int parentPid, CancellationTokenSource cancel)
    {
        if (OperatingSystem.IsWindows()) return;
        var thread = new Thread(() =>
        {
            while (!cancel.IsCancellationRequested)
            {
                if (GetParentPid() != parentPid)
                {
                    cancel.Cancel();
                    return;
                }
                Thread.Sleep(500);
            }
        })
        { IsBackground = true, Name = "babylm-parent-watch" };
        thread.Start();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
