namespace SparkEtl.Soak;

/// <summary>A run of the job that ended on its own while the soak meant it to keep running.</summary>
/// <param name="Run">The run's number (1 for the first).</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="LastLines">The last lines it printed that were not progress records.</param>
public sealed record UnexpectedExit(int Run, int ExitCode, IReadOnlyList<string> LastLines);
