using System.Globalization;
using System.Text.Json;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Iceberg.Tests;

/// <summary>Trades made from a seed, and the one-line form tests compare them in, computed from the values put in (not by SparkEtl).</summary>
internal static class TradeRows
{
    public const long Day0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z

    private static readonly string[] Symbols = ["JIB", "BRK.B", "ZÜR", "日本"];

    /// <summary><paramref name="count"/> trades of batch <paramref name="batch"/>, spread over three UTC days, some with null sector and sub-sequence.</summary>
    public static IReadOnlyList<Trade> Batch(int batch, int count, int salt = 0) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var n = (batch * 1000) + i;
        return new Trade(
            Symbols[n % Symbols.Length],
            n % 5 == 0 ? null : "SECTOR" + (n % 3).ToString(CultureInfo.InvariantCulture),
            Math.Round(10 + (n * 0.37) + salt, 2),
            Day0 + (n % 3 * 86_400_000L) + (n * 1_013L),
            new SourcePosition("shardId-00000000000" + (n % 2).ToString(CultureInfo.InvariantCulture), (49_000_000 + n).ToString(CultureInfo.InvariantCulture), n % 4 == 0 ? -1 : n % 7, 0),
            n % 2 == 0 ? "/aws/lambda/ticker" : null,
            n % 2 == 0 ? "evt-" + n.ToString(CultureInfo.InvariantCulture) : null,
            Day0 + (n * 1_013L));
    })];

    /// <summary>A trade as the test expects a reader to return it.</summary>
    public static string Line(Trade t) => string.Join('|',
        t.Symbol, t.Sector ?? "null", t.Price.ToString("R", CultureInfo.InvariantCulture), t.EventTimeMs.ToString(CultureInfo.InvariantCulture),
        t.Position.ShardId, t.Position.SequenceNumber, t.Position.SubSequence < 0 ? "null" : t.Position.SubSequence.ToString(CultureInfo.InvariantCulture),
        t.LogGroup ?? "null", t.LogEventId ?? "null");

    /// <summary>A row a reader returned (event_time as epoch milliseconds), in the same form.</summary>
    public static string Line(JsonElement row) => string.Join('|',
        Text(row, "ticker_symbol"), Text(row, "sector"), row.GetProperty("price").GetDouble().ToString("R", CultureInfo.InvariantCulture),
        row.GetProperty("event_time").GetInt64().ToString(CultureInfo.InvariantCulture), Text(row, "shard_id"), Text(row, "sequence_number"),
        Text(row, "sub_sequence"), Text(row, "log_group"), Text(row, "log_event_id"));

    private static string Text(JsonElement row, string name) =>
        !row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? "null" : value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
