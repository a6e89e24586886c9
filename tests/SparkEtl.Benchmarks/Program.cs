using BenchmarkDotNet.Running;

namespace SparkEtl.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>latency ...</c> runs the B3 Kinesis latency benchmark (see <see cref="LatencyBenchmark"/>); anything else goes to
    /// BenchmarkDotNet's switcher over the micro-benchmarks.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "latency")
        {
            return await LatencyBenchmark.RunAsync(LatencyOptions.Parse(args[1..]));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
