using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SparkEtl.Core;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark job's window state between micro-batches: the open windows (as <see cref="WindowPartial"/>s), the
/// watermark and the latest event time. It follows <see cref="OhlcWindowAggregator"/>'s rules: the watermark is
/// fixed during a batch (the decode UDF marks trades behind it late), and at the batch's end it moves to
/// <c>max(previous, latest event time − delay)</c> and every window whose end is at or behind it is emitted, once.
/// </summary>
/// <remarks>
/// <para>
/// The watermark is global, not per shard as on the embedded engine: the connector's rows carry no shard id, so a
/// shard that lags behind the others has its trades marked late (they stay in <c>trades</c>; the bars leave them out).
/// </para>
/// Saved after every batch as JSON under the checkpoint (<see cref="ToJson"/>), read back by the next batch; a replayed
/// batch reads the same previous state and so emits the same bars.
/// </remarks>
public sealed class SparkWindowState
{
    private const int FormatVersion = 1;
    private readonly Dictionary<(long WindowStart, string Symbol), WindowPartial> _open = [];

    public SparkWindowState(WindowSettings window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Window = window;
    }

    public WindowSettings Window { get; }

    /// <summary>The watermark in force, epoch ms; <see cref="long.MinValue"/> before any event was seen.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>The latest event time of an accepted trade, epoch ms; <see cref="long.MinValue"/> before any.</summary>
    public long MaxEventTimeMs { get; private set; } = long.MinValue;

    /// <summary>
    /// The arrival time given to a record whose <c>approximateArrivalTimestamp</c> is null (the connector marks the
    /// column nullable): the latest event time seen before this batch, or 0 (1970-01-01T00:00:00Z) before any. It comes
    /// from the checkpointed state, so every replay of a batch gives the same value; and a record that takes it as its
    /// event time is not late, since the watermark is behind the latest event time by the delay.
    /// </summary>
    public long ArrivalFallbackMs => MaxEventTimeMs == long.MinValue ? 0 : MaxEventTimeMs;

    /// <summary>Windows holding state (not yet emitted).</summary>
    public int OpenWindowCount => _open.Count;

    /// <summary>
    /// Ends a batch: merges the batch's partials (its trades that were not late), moves the watermark and returns
    /// the windows it passed, ordered by window start, then symbol.
    /// </summary>
    public IReadOnlyList<OhlcBar> EndBatch(IEnumerable<WindowPartial> batchPartials)
    {
        ArgumentNullException.ThrowIfNull(batchPartials);
        foreach (var partial in batchPartials)
        {
            var key = (partial.WindowStartMs, partial.Symbol);
            _open[key] = _open.TryGetValue(key, out var open) ? open.Merge(partial) : partial;
            MaxEventTimeMs = Math.Max(MaxEventTimeMs, partial.MaxEventTimeMs);
        }

        if (MaxEventTimeMs != long.MinValue)
        {
            WatermarkMs = Math.Max(WatermarkMs, MaxEventTimeMs - Window.WatermarkDelayMs);
        }

        var closed = _open.Values.Where(w => EndOf(w.WindowStartMs) <= WatermarkMs)
            .OrderBy(w => w.WindowStartMs)
            .ThenBy(w => w.Symbol, StringComparer.Ordinal)
            .ToList();
        var bars = new List<OhlcBar>(closed.Count);
        foreach (var window in closed)
        {
            _open.Remove((window.WindowStartMs, window.Symbol));
            bars.Add(new OhlcBar(window.WindowStartMs, EndOf(window.WindowStartMs), window.Symbol, window.Sector,
                window.Open, window.High, window.Low, window.Close, window.TradeCount, window.AveragePrice));
        }

        return bars;
    }

    /// <summary>The state as JSON (format version 1).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteNumber("windowSizeMs", Window.SizeMs);
            json.WriteNumber("watermarkDelayMs", Window.WatermarkDelayMs);
            json.WriteNumber("watermarkMs", WatermarkMs);
            json.WriteNumber("maxEventTimeMs", MaxEventTimeMs);
            json.WriteStartArray("windows");
            foreach (var w in _open.Values.OrderBy(w => w.WindowStartMs).ThenBy(w => w.Symbol, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteNumber("windowStartMs", w.WindowStartMs);
                json.WriteString("symbol", w.Symbol);
                json.WriteNumber("tradeCount", w.TradeCount);
                json.WriteString("priceSum", w.PriceSum.ToString(CultureInfo.InvariantCulture));
                json.WriteNumber("low", w.Low);
                json.WriteNumber("high", w.High);
                json.WriteNumber("open", w.Open);
                WriteKey(json, "openKey", w.OpenKey);
                json.WriteNumber("close", w.Close);
                WriteKey(json, "closeKey", w.CloseKey);
                json.WriteString("sector", w.Sector);
                if (w.SectorKey is { } sectorKey)
                {
                    WriteKey(json, "sectorKey", sectorKey);
                }
                else
                {
                    json.WriteNull("sectorKey");
                }

                json.WriteNumber("maxEventTimeMs", w.MaxEventTimeMs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ConfigurationException">The state was written with other window settings (a new checkpoint is needed to change them).</exception>
    /// <exception cref="FormatException">The text is not a state of this format.</exception>
    public static SparkWindowState FromJson(string json, WindowSettings window)
    {
        ArgumentNullException.ThrowIfNull(window);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != FormatVersion)
            {
                throw new FormatException($"Window state format {root.GetProperty("version").GetInt32()} is not {FormatVersion}.");
            }

            Require(root, "windowSizeMs", "window.size", window.SizeMs);
            Require(root, "watermarkDelayMs", "window.watermarkDelay", window.WatermarkDelayMs);
            var state = new SparkWindowState(window)
            {
                WatermarkMs = root.GetProperty("watermarkMs").GetInt64(),
                MaxEventTimeMs = root.GetProperty("maxEventTimeMs").GetInt64(),
            };
            foreach (var w in root.GetProperty("windows").EnumerateArray())
            {
                var partial = new WindowPartial(
                    w.GetProperty("windowStartMs").GetInt64(),
                    w.GetProperty("symbol").GetString()!,
                    w.GetProperty("tradeCount").GetInt64(),
                    decimal.Parse(w.GetProperty("priceSum").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                    w.GetProperty("low").GetDouble(),
                    w.GetProperty("high").GetDouble(),
                    w.GetProperty("open").GetDouble(),
                    ReadKey(w.GetProperty("openKey")),
                    w.GetProperty("close").GetDouble(),
                    ReadKey(w.GetProperty("closeKey")),
                    w.GetProperty("sector").GetString(),
                    w.GetProperty("sectorKey").ValueKind == JsonValueKind.Null ? null : ReadKey(w.GetProperty("sectorKey")),
                    w.GetProperty("maxEventTimeMs").GetInt64());
                state._open.Add((partial.WindowStartMs, partial.Symbol), partial);
            }

            return state;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not a SparkEtl window state: {e.Message}", e);
        }
    }

    private long EndOf(long windowStartMs) =>
        windowStartMs > long.MaxValue - Window.SizeMs ? long.MaxValue : windowStartMs + Window.SizeMs;

    private static void Require(JsonElement root, string property, string setting, long expected)
    {
        var saved = root.GetProperty(property).GetInt64();
        if (saved != expected)
        {
            throw new ConfigurationException(setting, SettingValues.FormatDuration(expected),
                $"{SettingValues.FormatDuration(saved)}, as the checkpoint's window state was written with; use a new checkpoint to change it");
        }
    }

    private static void WriteKey(Utf8JsonWriter json, string name, SparkOrderKey key)
    {
        json.WriteStartObject(name);
        json.WriteNumber("eventTimeMs", key.EventTimeMs);
        json.WriteString("sequenceNumber", key.SequenceNumber);
        json.WriteNumber("batchId", key.BatchId);
        json.WriteNumber("readOrder", key.ReadOrder);
        json.WriteNumber("eventIndex", key.EventIndex);
        json.WriteEndObject();
    }

    private static SparkOrderKey ReadKey(JsonElement key) => new(
        key.GetProperty("eventTimeMs").GetInt64(),
        key.GetProperty("sequenceNumber").GetString()!,
        key.GetProperty("batchId").GetInt64(),
        key.GetProperty("readOrder").GetInt64(),
        key.GetProperty("eventIndex").GetInt32());
}
