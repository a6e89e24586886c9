using System.Globalization;
using System.Text;
using System.Text.Json;
using SparkEtl.FaultProxy;

namespace SparkEtl.Soak;

/// <summary>
/// The result of a soak: faults injected, kills, what was produced, what the warehouse holds, and the verdict. A soak
/// passes when nothing was lost, a reader sees no duplicate, the bars equal their recomputation, no row was altered or
/// unexpected, and the job drained and stopped with exit 0 on SIGTERM.
/// </summary>
public sealed record SoakReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required long Seed { get; init; }

    /// <summary>The fault plan both proxies ran, in the <c>--faults</c> syntax.</summary>
    public required string FaultPlan { get; init; }

    /// <summary>When the soak started, ISO-8601 UTC.</summary>
    public required string StartedAt { get; init; }

    /// <summary>How long the producer put records, in seconds.</summary>
    public required double ProducingSeconds { get; init; }

    /// <summary>The whole soak, in seconds: set-up, producing, drain and check.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Shards of the stream.</summary>
    public required int Shards { get; init; }

    public required FaultFigures Faults { get; init; }

    public required JobFigures Job { get; init; }

    public required ProducerFigures Producer { get; init; }

    public required WarehouseFigures Warehouse { get; init; }

    /// <summary>Where the ledger, the stream listing, the job's log, the downloaded warehouse and the check are.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Why the soak failed; empty when it passed.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var w = Warehouse;
            var failures = new List<string>();
            Check(failures, w.Lost == 0, $"{w.Lost:N0} records lost ({w.LostTrades:N0} trades, {w.LostErrors:N0} malformed, {w.AcknowledgedNotOnStream:N0} acknowledged but not on the stream)");
            Check(failures, w.ProducedTradesMissing == 0, $"{w.ProducedTradesMissing:N0} produced trades in no row of trades");
            Check(failures, w.Duplicates == 0, $"{w.Duplicates:N0} duplicates visible to a reader (trades {w.DuplicateTradeRows:N0}, errors {w.DuplicateErrorRows:N0}, bars {w.DuplicateBarRows:N0}, over-counted trades {w.ProducedTradesOverCounted:N0})");
            Check(failures, w.BarsMatch, $"bars differ from the recomputation (missing {w.BarsMissing:N0}, extra {w.BarsExtra:N0}, different {w.BarsDifferent:N0}, reconcile {(w.BarsReconcile ? "holds" : "fails")})");
            Check(failures, w.AlteredTrades == 0, $"{w.AlteredTrades:N0} trades altered");
            Check(failures, w.UnexpectedRows == 0, $"{w.UnexpectedRows:N0} unexpected rows");
            Check(failures, w.StreamRecordsNotProduced == 0, $"{w.StreamRecordsNotProduced:N0} records on the stream the producer did not make");
            Check(failures, Job.Drained, "the job did not drain");
            Check(failures, Job.FinalExitCode == 0, $"the job's exit code after SIGTERM was {Job.FinalExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, not 0");
            return failures;
        }
    }

    public bool Passed => Failures.Count == 0;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The report for a terminal.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        void Line(string line) => text.Append(line).Append('\n');

        Line(string.Create(inv, $"SparkEtl soak, seed {Seed}: {ProducingSeconds / 60:F1} min of producing on {Shards} shards, {ElapsedSeconds / 60:F1} min in all (started {StartedAt})"));
        Line($"  faults: {FaultPlan}");
        Line(string.Empty);
        Line(string.Create(inv, $"{"Faults injected",-26}{"kinesis",10}{"s3",10}{"total",10}"));
        foreach (var kind in FaultKinds.Applied)
        {
            Line(string.Create(inv, $"  {FaultKinds.Token(kind),-24}{Faults.Kinesis.FaultsOf(kind),10:N0}{Faults.S3.FaultsOf(kind),10:N0}{Faults.Of(kind),10:N0}"));
        }

        Line(string.Create(inv, $"  {"requests",-24}{Faults.Kinesis.Requests,10:N0}{Faults.S3.Requests,10:N0}{Faults.Kinesis.Requests + Faults.S3.Requests,10:N0}"));
        var conditional = Faults.S3.ConditionalWrites;
        Line(string.Create(inv, $"  S3 conditional writes evaluated: {conditional.Passed:N0} passed, {conditional.PreconditionFailed:N0} refused with 412, {conditional.NoSuchKey:N0} with 404"));
        Line(string.Empty);
        Line("Job (sparketl run --trigger interval, warehouse and checkpoint on S3)");
        Line(string.Create(inv, $"  runs {Job.Runs:N0}: {Job.Kills:N0} killed with SIGKILL, {Job.Restarts:N0} restarts, {Job.UnexpectedExits.Count:N0} ended on their own"));
        foreach (var group in Job.UnexpectedExits.GroupBy(e => (e.ExitCode, Message: Shape(e.LastLines.LastOrDefault() ?? "(nothing printed)"))).OrderByDescending(g => g.Count()).Take(6))
        {
            Line(string.Create(inv, $"    {group.Count(),4:N0} x exit {group.Key.ExitCode} (runs {string.Join(", ", group.Take(4).Select(e => e.Run))}{(group.Count() > 4 ? ", ..." : string.Empty)}): {group.First().LastLines.LastOrDefault()}"));
        }

        Line(string.Create(inv, $"  batches committed {Job.BatchesCommitted:N0} ({Job.ReplayedBatches:N0} replayed after a kill, {Job.LeftoversDeleted:N0} leftover files deleted)"));
        Line(Job.Drained
            ? string.Create(inv, $"  drained {Job.DrainSeconds:F1} s after the producer stopped; exit code after SIGTERM: {Job.FinalExitCode}")
            : "  did NOT drain");
        Line(string.Empty);
        Line("Producer (PutRecords through the Kinesis proxy)");
        Line(string.Create(inv, $"  Kinesis records {Producer.KinesisRecords:N0}: trades {Producer.Trades:N0}, malformed {Producer.Malformed:N0}, dropped on purpose {Producer.Dropped:N0}, sentinels {Producer.Sentinels:N0}"));
        Line(string.Create(inv, $"  calls {Producer.Calls:N0} ({Producer.CallsRepeated:N0} made again after failing, {Producer.EntriesRefused:N0} entries refused and put again)"));
        Line(string.Create(inv, $"  producer duplicates: {Warehouse.ProducerDuplicateRecords:N0} Kinesis records put twice ({Warehouse.ProducerDuplicateUnits:N0} ticker records), told apart by sequence number"));
        Line(string.Empty);
        Line("Warehouse, as a reader listing it sees it (checked with the aws CLI and DuckDB)");
        Line(string.Create(inv, $"  {Warehouse.DataFiles:N0} files; trades {Warehouse.TradeRows:N0} rows (expected {Warehouse.ExpectedTrades:N0}), errors {Warehouse.ErrorRows:N0}, bars {Warehouse.BarRows:N0}"));
        Line(string.Create(inv, $"  records lost: {Warehouse.Lost:N0}"));
        Line(string.Create(inv, $"  duplicates visible: {Warehouse.Duplicates:N0}"));
        Line(string.Create(inv, $"  altered {Warehouse.AlteredTrades:N0}, unexpected {Warehouse.UnexpectedRows:N0}, produced trades missing {Warehouse.ProducedTradesMissing:N0}"));
        Line(string.Create(inv, $"  late records: {Warehouse.LateRecords:N0}"));
        Line("  errors by type: " + string.Join(", ", Warehouse.ErrorsByType.Select(e => string.Create(inv, $"{e.Key} {e.Value:N0}"))));
        Line(string.Create(inv, $"  bars: {Warehouse.BarsRecomputed:N0} recomputed; missing {Warehouse.BarsMissing:N0}, extra {Warehouse.BarsExtra:N0}, different {Warehouse.BarsDifferent:N0}; sum(trade_count) + late = trades: {(Warehouse.BarsReconcile ? "yes" : "NO")}"));
        foreach (var (category, details) in Warehouse.Samples)
        {
            foreach (var detail in details.Take(3))
            {
                Line($"    {category}: {detail}");
            }
        }

        Line(string.Empty);
        Line(Passed ? "PASSED" : "FAILED: " + string.Join("; ", Failures));
        Line($"  files: {WorkDirectory}");
        return text.ToString();
    }

    /// <summary>A message with its numbers left out, so exits for the same reason group together.</summary>
    private static string Shape(string message) => System.Text.RegularExpressions.Regex.Replace(message, "[0-9]+", "N");

    private static void Check(List<string> failures, bool holds, string failure)
    {
        if (!holds)
        {
            failures.Add(failure);
        }
    }
}
