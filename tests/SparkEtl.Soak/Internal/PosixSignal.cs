using System.Runtime.InteropServices;

namespace SparkEtl.Soak.Internal;

/// <summary>Sends POSIX signals to a process (SIGKILL goes through <see cref="System.Diagnostics.Process.Kill()"/>).</summary>
internal static partial class PosixSignal
{
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process is gone.</summary>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
