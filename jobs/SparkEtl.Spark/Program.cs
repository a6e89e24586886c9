using SparkEtl.Core;

namespace SparkEtl.Spark;

/// <summary>
/// Entry point, started by Spark's <c>DotnetRunner</c>:
/// <c>SparkEtl.Spark [--conf FILE] [--set path=value]...</c>. Exit codes: 0 stopped, 1 failed, 2 bad configuration.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var settings = JobSettings.Load(args, Environment.GetEnvironmentVariable);
            SparkEtlJob.Run(settings);
            return 0;
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"sparketl-spark: {e.Message}");
            return 2;
        }
    }
}
