using SparkEtl.Cli;

namespace SparkEtl.CrashHost;

/// <summary>Runs sparketl with the probe <c>SPARKETL_FAULT</c> names.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var signals = StopSignals.Register(console.Error);
        return await SparkEtl.Cli.Program.RunAsync(args, console, signals, KillingProbe.FromEnvironment()).ConfigureAwait(false);
    }
}
