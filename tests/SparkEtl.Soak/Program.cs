using System.Globalization;
using System.Runtime.InteropServices;
using SparkEtl.FaultProxy;
using SparkEtl.Soak;
using SparkEtl.TestSupport;

const string Help = """
    SparkEtl.Soak: producer -> Kinesis (kinesalite) -> sparketl -> S3 (s3rver) with random faults and SIGKILL restarts,
    then checks the warehouse and prints a report (scripts/soak.sh builds and runs this).

    Usage: dotnet SparkEtl.Soak.dll MINUTES [--seed N] [--faults SPEC] [--rate N] [--shards N] [--out DIR] [--job DLL]
      MINUTES       how long the producer puts records (a number, e.g. 3 or 0.5)
      --seed N      seed of the records, the kills and the faults (default 1)
      --faults SPEC the proxies' faults, in the fault proxy's syntax (default below; "none" for none)
      --rate N      ticker records per second (default 200)
      --shards N    shards of the stream (default 4)
      --out DIR     where the files go (default artifacts/soak/<time>-seed<N> in the checkout)
      --job DLL     the sparketl.dll to soak (default: the one built beside the soak from this checkout)
    Exit codes: 0 passed, 1 failed (the report says why), 2 bad arguments, 130 stopped by SIGINT or SIGTERM.
    """;

double? minutes = null;
long seed = 1;
var faults = SoakFaults.Default;
double rate = 200;
var shards = 4;
string? output = null;
string? jobAssembly = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var name = args[i];
        if (name is "--help" or "-h")
        {
            Console.WriteLine(Help);
            Console.WriteLine("    Default faults: " + SoakFaults.DefaultText);
            return 0;
        }

        if (!name.StartsWith("--", StringComparison.Ordinal))
        {
            minutes = double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0 && m <= 24 * 60
                ? m
                : throw new FormatException($"MINUTES must be a number from 0 to 1440, got \"{name}\"");
            continue;
        }

        if (i + 1 >= args.Length)
        {
            throw new FormatException($"{name} needs a value");
        }

        var value = args[++i];
        switch (name)
        {
            case "--seed":
                seed = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : throw new FormatException($"--seed takes a whole number, got \"{value}\"");
                break;
            case "--faults":
                faults = FaultPlan.Parse(value);
                break;
            case "--rate":
                rate = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : throw new FormatException($"--rate takes a number, got \"{value}\"");
                break;
            case "--shards":
                shards = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"--shards takes a whole number, got \"{value}\"");
                break;
            case "--out":
                output = value;
                break;
            case "--job":
                jobAssembly = value;
                break;
            default:
                throw new FormatException($"unknown argument \"{name}\" (see --help)");
        }
    }

    if (minutes is null)
    {
        throw new FormatException("MINUTES is required (see --help)");
    }
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync("soak: " + e.Message);
    return 2;
}

output ??= Path.Combine(RepositoryPaths.Root, "artifacts", "soak", string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{seed}"));
var options = new SoakOptions
{
    Duration = TimeSpan.FromMinutes(minutes.Value),
    Seed = seed,
    Faults = faults,
    RecordsPerSecond = rate,
    Shards = shards,
    WorkDirectory = output,
    JobAssembly = jobAssembly,
};
try
{
    options.Validate();
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("soak: " + e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
SoakReport report;
try
{
    report = await SoakRunner.RunAsync(options, Console.Error, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"soak: stopped; what it made so far is in {options.WorkDirectory}");
    return 130;
}
catch (InvalidOperationException e)
{
    // A stand-in that would not start, a tool that failed (aws, node): the soak could not run or check.
    await Console.Error.WriteLineAsync("soak: failed: " + e.Message);
    return 1;
}

Console.Out.Write(report.ToText());
Console.Out.WriteLine($"  report: {Path.Combine(report.WorkDirectory, SoakRunner.ReportFile)}");
return report.Passed ? 0 : 1;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
