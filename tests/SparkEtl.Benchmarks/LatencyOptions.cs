using System.Globalization;

namespace SparkEtl.Benchmarks;

/// <summary>
/// Options of the B3 latency benchmark (<c>SparkEtl.Benchmarks latency ...</c>), as scripts/bench.sh passes them.
/// Endpoints, region and credentials come from the environment (scripts/local-aws.sh env).
/// </summary>
internal sealed record LatencyOptions(
    string Sparketl, string Interop, string Bucket, int Shards, int RatePerShard, int Seconds, string Trigger, string Work, string Out)
{
    public const string Usage =
        "usage: SparkEtl.Benchmarks latency --sparketl EXECUTABLE|DLL --interop DIR --bucket NAME --work DIR --out FILE "
        + "[--shards 4] [--rate 1000] [--seconds 60] [--trigger 1s]";

    /// <summary>The trigger interval in milliseconds (<c>500ms</c>, <c>1s</c>, <c>1m</c>).</summary>
    public long TriggerMs => Trigger switch
    {
        _ when Trigger.EndsWith("ms", StringComparison.Ordinal) => long.Parse(Trigger[..^2], CultureInfo.InvariantCulture),
        _ when Trigger.EndsWith('s') => long.Parse(Trigger[..^1], CultureInfo.InvariantCulture) * 1000,
        _ when Trigger.EndsWith('m') => long.Parse(Trigger[..^1], CultureInfo.InvariantCulture) * 60_000,
        _ => throw new ArgumentException($"--trigger takes 500ms, 1s or 1m, got \"{Trigger}\"."),
    };

    public static LatencyOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.GetValueOrDefault(name) ?? throw new ArgumentException($"{name} is required; {Usage}");
        int Whole(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new LatencyOptions(
            Required("--sparketl"), Required("--interop"), Required("--bucket"), Whole("--shards", 4), Whole("--rate", 1000), Whole("--seconds", 60),
            values.GetValueOrDefault("--trigger") ?? "1s", Required("--work"), Required("--out"));
    }
}
