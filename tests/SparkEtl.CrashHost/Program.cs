using SparkEtl.Cli;

namespace SparkEtl.CrashHost;

/// <summary>Runs sparketl with the probes <c>SPARKETL_FAULT</c> (kill) and <c>SPARKETL_PAUSE</c> (hold) name.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var signals = StopSignals.Register(console.Error);
        return await SparkEtl.Cli.Program.RunAsync(args, console, signals, PausingProbe.FromEnvironment(KillingProbe.FromEnvironment())).ConfigureAwait(false);
    }
}
