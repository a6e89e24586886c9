using System.Globalization;
using System.Security.Cryptography;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// What the producer made, on disk for the check: <c>produced-units.csv</c> (every unit, written before its record is
/// put, so a record on the stream is always in the ledger) and, at the end, <c>produced-records.csv</c> (each record's
/// data digest, shape and whether Kinesis acknowledged it). Values never hold commas or quotes (checked).
/// </summary>
internal sealed class ProducedLedger : IDisposable
{
    public const string UnitsFile = "produced-units.csv";
    public const string RecordsFile = "produced-records.csv";

    private readonly string _directory;
    private readonly StreamWriter _units;
    private readonly List<(byte[] Digest, string Shape)> _records = [];
    private readonly List<bool> _acknowledged = [];

    public ProducedLedger(string directory)
    {
        _directory = directory;
        _units = new StreamWriter(Path.Combine(directory, UnitsFile)) { AutoFlush = false };
        _units.WriteLine("record_id,kind,sub_sequence,log_event_id,expected_error,symbol,sector,event_time_ms,price_cents");
    }

    /// <summary>Records made so far.</summary>
    public int Count => _records.Count;

    /// <summary>Notes a record before it is put.</summary>
    public void Add(ProducedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id != _records.Count)
        {
            throw new InvalidOperationException($"Records must be added in the order they were made: expected {_records.Count}, got {record.Id}.");
        }

        _records.Add((SHA256.HashData(record.Data), record.Shape));
        _acknowledged.Add(false);
        var inv = CultureInfo.InvariantCulture;
        foreach (var unit in record.Units)
        {
            _units.Write(record.Id.ToString(inv));
            _units.Write(',');
            _units.Write(Kind(unit.Kind));
            _units.Write(',');
            _units.Write(unit.SubSequence?.ToString(inv) ?? string.Empty);
            _units.Write(',');
            _units.Write(Plain(unit.LogEventId));
            _units.Write(',');
            _units.Write(Plain(unit.ExpectedError));
            _units.Write(',');
            _units.Write(Plain(unit.Symbol));
            _units.Write(',');
            _units.Write(Plain(unit.Sector));
            _units.Write(',');
            _units.Write(unit.EventTimeMs.ToString(inv));
            _units.Write(',');
            _units.WriteLine(unit.PriceCents.ToString(inv));
        }
    }

    /// <summary>Notes that Kinesis acknowledged the record (it is on the stream at least once).</summary>
    public void Acknowledged(long recordId) => _acknowledged[checked((int)recordId)] = true;

    public bool IsAcknowledged(long recordId) => _acknowledged[checked((int)recordId)];

    /// <summary>Flushes the units and writes <c>produced-records.csv</c>.</summary>
    public void Complete()
    {
        _units.Flush();
        using var records = new StreamWriter(Path.Combine(_directory, RecordsFile));
        records.WriteLine("record_id,data_sha256,shape,acknowledged");
        for (var i = 0; i < _records.Count; i++)
        {
            var (digest, shape) = _records[i];
            records.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{Convert.ToHexStringLower(digest)},{shape},{(_acknowledged[i] ? "true" : "false")}"));
        }
    }

    public void Dispose() => _units.Dispose();

    public static string Kind(UnitKind kind) => kind switch
    {
        UnitKind.Trade => "trade",
        UnitKind.Error => "error",
        UnitKind.Drop => "drop",
        UnitKind.Sentinel => "sentinel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unit kind."),
    };

    private static string Plain(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new ArgumentException($"A ledger value must not hold a comma, quote or line break: {value}", nameof(value));
        }

        return value;
    }
}
