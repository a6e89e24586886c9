using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// Entry point, started by Spark's <c>DotnetRunner</c>:
/// <c>SparkEtl.Spark [--conf FILE] [--set path=value]...</c>. Exit codes (<see cref="JobExit"/>): 0 stopped, 1 failed
/// (one line naming what failed and where), 2 bad configuration. No exception leaves <see cref="Main"/>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var settings = JobSettings.Load(args, Environment.GetEnvironmentVariable);
            await SparkEtlJob.RunAsync(settings, CancellationToken.None).ConfigureAwait(false);
            return JobExit.Done;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"sparketl-spark: {JobExit.Describe(e)}");
            return JobExit.CodeOf(e);
        }
    }
}
