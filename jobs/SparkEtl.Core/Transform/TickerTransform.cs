using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Transform;

/// <summary>
/// Turns one ticker JSON object (UTF-8) into exactly one result on an <see cref="ITransformSink"/>:
/// a <see cref="Trade"/>, or a <c>validation-failed</c> / <c>event-time-out-of-range</c> / <c>parse-failed</c>
/// <see cref="ErrorRecord"/>.
/// </summary>
/// <remarks>
/// <para>
/// Field names match ASCII-case-insensitively (<c>TICKER_SYMBOL</c>, <c>ticker_symbol</c>,
/// <c>Ticker_Symbol</c>); a field given twice under any spelling fails, since its value would be
/// ambiguous. CHANGE and unknown fields are read and dropped; nested values are skipped.
/// </para>
/// <list type="bullet">
/// <item><c>TICKER_SYMBOL</c>, required: a string of 1 to 16 characters of ASCII letters, digits and
/// <c>. - _ ^ =</c>, starting with a letter, digit or <c>^</c>, with a letter or digit and no <c>..</c>.</item>
/// <item><c>SECTOR</c>, optional (null counts as absent): a string of at most <see cref="MaxSectorLength"/>
/// UTF-16 characters, valid UTF-8, no control characters; kept as sent.</item>
/// <item><c>PRICE</c>, required: a finite number above zero, as a JSON number or a string holding one
/// (invariant culture, no spaces).</item>
/// <item><c>EVENT_TIME</c>, optional (null counts as absent): whole epoch milliseconds (a JSON number or
/// a string of one), or an ISO-8601 date-time with a zone (<c>Z</c> or <c>±HH:mm</c>). When absent, the event
/// time is the log event timestamp, else the arrival time.</item>
/// </list>
/// <para>
/// The event time, wherever it came from, must lie between <see cref="MinEventTimeMs"/> and
/// <see cref="MaxEventTimeMs"/> and at most the allowed future skew (<c>event.maxFutureSkew</c>, default
/// <see cref="DefaultMaxFutureSkewMs"/>) after the record's arrival time; a record that is otherwise a valid trade
/// but breaks this bound is an <c>event-time-out-of-range</c> error, never a trade, so one bad clock cannot move a
/// watermark or make a partition. An arrival time outside the same range makes the record such an error too, dated
/// 1970-01-01 (see <see cref="Transform"/>). The JSON must be valid UTF-8: an object that is not fails as
/// <c>parse-failed</c>, like one that is not JSON; parse failures name what was wrong (<see cref="JsonProblem"/>).
/// </para>
/// <para>
/// Symbols and sectors are interned in pools of at most the configured number of values each, so a
/// repeated symbol allocates no string and hostile input cannot grow the pools without limit.
/// Not thread-safe: use one instance per thread (each engine worker or Spark partition task owns
/// one); concurrent calls throw <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
public sealed class TickerTransform
{
    /// <summary>The default bound of each intern pool (symbols, sectors).</summary>
    public const int DefaultMaxInternedValues = 4096;

    /// <summary>The longest SECTOR kept, in UTF-16 characters.</summary>
    public const int MaxSectorLength = 64;

    /// <summary>The earliest event time accepted: 1970-01-01T00:00:00Z.</summary>
    public const long MinEventTimeMs = 0;

    /// <summary>The latest event time accepted: 9999-12-31T23:59:59.999Z.</summary>
    public const long MaxEventTimeMs = 253_402_300_799_999;

    /// <summary>The default of how far an event time may lie after its record's arrival: 15 minutes, in milliseconds.</summary>
    public const long DefaultMaxFutureSkewMs = 15 * 60_000;

    // Longest escaped string worth unescaping for a price or an event time; longer ones are invalid anyway.
    private const int MaxScalarTextLength = 64;

    private const string SymbolRule =
        "TICKER_SYMBOL must be 1 to 16 characters of letters, digits and . - _ ^ =, starting with a letter, digit or ^";

    private const string SectorRule = "SECTOR must be a string of at most 64 characters without control characters";
    private const string PriceRule = "PRICE must be a positive number";
    private const string EventTimeRule = "EVENT_TIME must be whole epoch milliseconds or an ISO-8601 time with a zone";

    private readonly StringPool _symbols;
    private readonly StringPool _sectors;
    private readonly RecentValues _recentSymbols = new();
    private readonly RecentValues _recentSectors = new();
    private readonly long _maxFutureSkewMs;
    private int _busy;

    /// <summary>A transform whose intern pools hold at most <see cref="DefaultMaxInternedValues"/> values each, allowing <see cref="DefaultMaxFutureSkewMs"/>.</summary>
    public TickerTransform()
        : this(DefaultMaxInternedValues)
    {
    }

    /// <summary>A transform whose intern pools hold at most <paramref name="maxInternedValues"/> values each (0 disables interning), allowing <see cref="DefaultMaxFutureSkewMs"/>.</summary>
    public TickerTransform(int maxInternedValues)
        : this(maxInternedValues, DefaultMaxFutureSkewMs)
    {
    }

    /// <summary>
    /// A transform whose intern pools hold at most <paramref name="maxInternedValues"/> values each (0 disables
    /// interning), and that lets an event time lie at most <paramref name="maxFutureSkewMs"/> (0 or more) after its
    /// record's arrival time.
    /// </summary>
    public TickerTransform(int maxInternedValues, long maxFutureSkewMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInternedValues);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFutureSkewMs);
        _symbols = new StringPool(maxInternedValues);
        _sectors = new StringPool(maxInternedValues);
        _maxFutureSkewMs = maxFutureSkewMs;
    }

    /// <summary>How far an event time may lie after its record's arrival time, in milliseconds.</summary>
    public long MaxFutureSkewMs => _maxFutureSkewMs;

    /// <summary>How many distinct symbols the pool holds.</summary>
    internal int InternedSymbolCount => _symbols.Count;

    /// <summary>
    /// Transforms <paramref name="tickerJson"/>, which must be one JSON object (whitespace around it
    /// allowed), into exactly one call on <paramref name="sink"/>: Accept, or Fail with
    /// <c>validation-failed</c> (an object that breaks the contract), <c>event-time-out-of-range</c> or
    /// <c>parse-failed</c> (not a complete JSON object in UTF-8). Failures carry a copy of <paramref name="tickerJson"/>.
    /// When <paramref name="source"/>'s arrival time is itself outside 1970-9999 the result is one
    /// <c>event-time-out-of-range</c> error dated 1970-01-01T00:00:00Z, whatever the JSON holds.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> tickerJson, in TickerSource source, ITransformSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("TickerTransform is not thread-safe: use one instance per thread.");
        }

        try
        {
            if (!EventTimeBound.InRange(source.ArrivalMs))
            {
                sink.Fail(EventTimeBound.ArrivalOutOfRange(source.Position, source.ArrivalMs, _maxFutureSkewMs, tickerJson) with { LogEventId = source.LogEventId });
            }
            else if (TryTransform(tickerJson, source, sink, tickerJson) == TickerOutcome.NotAnObject)
            {
                sink.Fail(source.Error(ErrorType.ParseFailed, NotAnObjectMessage(tickerJson), tickerJson));
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Renders data that is not a JSON object for a parse-failed message.</summary>
    internal static string DescribeData(ReadOnlySpan<byte> data) =>
        data.IsEmpty ? "no data (0 bytes)" : ValuePreview.Quoted(data);

    /// <summary>The parse-failed message of data that was to be one ticker JSON object: what it is, and what is wrong with it as JSON.</summary>
    internal static string NotAnObjectMessage(ReadOnlySpan<byte> data)
    {
        var problem = data.IsEmpty ? null : JsonProblem.Find(data);
        return problem is null
            ? $"Expected a ticker JSON object, got {DescribeData(data)}"
            : $"Expected a ticker JSON object, got {DescribeData(data)}: {problem}";
    }

    /// <summary>
    /// When <paramref name="json"/> is one complete JSON object in valid UTF-8 followed by nothing but whitespace,
    /// emits its trade, validation failure or event-time-out-of-range error (carrying a copy of <paramref name="rawData"/>) and
    /// returns <see cref="TickerOutcome.Emitted"/>; otherwise emits nothing and returns
    /// <see cref="TickerOutcome.NotAnObject"/>, so a caller can try another candidate.
    /// </summary>
    internal TickerOutcome TryTransform(ReadOnlySpan<byte> json, in TickerSource source, ITransformSink sink, ReadOnlySpan<byte> rawData) =>
        TryTransform(json, source, default, sink, rawData);

    /// <summary>
    /// As <see cref="TryTransform(ReadOnlySpan{byte}, in TickerSource, ITransformSink, ReadOnlySpan{byte})"/>, for an object from a
    /// log event whose id is <paramref name="logEventId"/> (UTF-8, not empty) rather than <paramref name="source"/>'s: a trade
    /// reaches the sink with the id as bytes (<see cref="ITransformSink.Accept(in Trade, ReadOnlySpan{byte})"/>), so none
    /// is made a string; an error gets it as a string.
    /// </summary>
    internal TickerOutcome TryTransform(ReadOnlySpan<byte> json, in TickerSource source, ReadOnlySpan<byte> logEventId, ITransformSink sink, ReadOnlySpan<byte> rawData)
    {
        var fields = default(TickerFields);
        return TickerFieldReader.TryRead(json, ref fields) && System.Text.Unicode.Utf8.IsValid(json)
            ? Emit(json, fields, source, logEventId, sink, rawData, tradesOnly: false)
            : TickerOutcome.NotAnObject;
    }

    /// <summary>
    /// The trade of a ticker object still escaped inside a CloudWatch log message (every quote written <c>\"</c>, see
    /// <see cref="EscapedQuotes"/>), which the caller knows is valid UTF-8: <see cref="TickerOutcome.Emitted"/> with
    /// exactly the trade <see cref="TryTransform(ReadOnlySpan{byte}, in TickerSource, ReadOnlySpan{byte}, ITransformSink, ReadOnlySpan{byte})"/>
    /// gives for the object unescaped; <see cref="TickerOutcome.Declined"/>, with nothing emitted, when it is anything
    /// but a flat, plain object that makes a trade. The message is then unescaped only for the few that need it.
    /// </summary>
    internal TickerOutcome TryTransformEscaped(ReadOnlySpan<byte> escapedJson, in TickerSource source, ReadOnlySpan<byte> logEventId, ITransformSink sink)
    {
        var fields = default(TickerFields);
        return TickerFieldReader.TryReadFlat<EscapedQuotes>(escapedJson, ref fields)
            ? Emit(escapedJson, fields, source, logEventId, sink, rawData: default, tradesOnly: true)
            : TickerOutcome.Declined;
    }

    // Validation starts only once the whole object has been read: a candidate that turns out not to be a complete object
    // must leave no trace on the sink. A symbol or sector whose bytes an earlier trade had was valid then, and reads the
    // same now. With tradesOnly, an object that would fail is declined instead.
    [SkipLocalsInit] // its stackalloc buffers are read only where written: not zeroed for every record
    private TickerOutcome Emit(ReadOnlySpan<byte> json, in TickerFields fields, in TickerSource source, ReadOnlySpan<byte> logEventId, ITransformSink sink, ReadOnlySpan<byte> rawData, bool tradesOnly)
    {
        Span<byte> symbolBytes = stackalloc byte[TickerSymbol.MaxLength * 6];
        Span<char> sectorChars = stackalloc char[MaxSectorLength];
        var symbolLength = 0;
        var knownSymbol = _recentSymbols.TryGet(fields.Symbol, json, out var symbol);
        var problem = knownSymbol ? null : ReadSymbol(json, fields.Symbol, symbolBytes, out symbolLength);
        var price = 0.0;
        var sectorLength = -1;
        var eventTimeMs = 0L;
        problem ??= ReadPrice(json, fields.Price, out price);
        var knownSector = _recentSectors.TryGet(fields.Sector, json, out var sector);
        problem ??= knownSector ? null : ReadSector(json, fields.Sector, sectorChars, out sectorLength);
        problem ??= ReadEventTime(json, fields.EventTime, source, out eventTimeMs);
        var allowed = problem is null && EventTimeBound.Allows(eventTimeMs, source.ArrivalMs, _maxFutureSkewMs);
        if (tradesOnly && !allowed)
        {
            return TickerOutcome.Declined;
        }

        if (problem is not null)
        {
            sink.Fail(WithLogEventId(source, logEventId).Error(ErrorType.ValidationFailed, problem, rawData));
            return TickerOutcome.Emitted;
        }

        if (!allowed)
        {
            var message = EventTimeBound.Problem(eventTimeMs, EventTimeOrigin(json, fields.EventTime, source), source.ArrivalMs, _maxFutureSkewMs);
            sink.Fail(WithLogEventId(source, logEventId).Error(ErrorType.EventTimeOutOfRange, message, rawData));
            return TickerOutcome.Emitted;
        }

        if (!knownSymbol)
        {
            Span<char> symbolChars = stackalloc char[TickerSymbol.MaxLength];
            for (var i = 0; i < symbolLength; i++)
            {
                symbolChars[i] = (char)symbolBytes[i];
            }

            symbol = _symbols.Intern(symbolChars[..symbolLength], out var pooled);
            if (pooled)
            {
                _recentSymbols.Set(fields.Symbol, json, symbol);
            }
        }

        if (!knownSector && sectorLength >= 0)
        {
            sector = _sectors.Intern(sectorChars[..sectorLength], out var pooled);
            if (pooled)
            {
                _recentSectors.Set(fields.Sector, json, sector);
            }
        }

        var trade = new Trade(symbol!, sector, price, eventTimeMs, source.Position, source.LogGroup, source.LogEventId, source.ArrivalMs);
        if (logEventId.IsEmpty)
        {
            sink.Accept(in trade);
        }
        else
        {
            sink.Accept(in trade, logEventId);
        }

        return TickerOutcome.Emitted;
    }

    /// <summary><paramref name="source"/> with the log event id <paramref name="logEventId"/> (UTF-8) as a string, when there is one: for error rows and messages.</summary>
    internal static TickerSource WithLogEventId(in TickerSource source, ReadOnlySpan<byte> logEventId) =>
        logEventId.IsEmpty ? source : source with { LogEventId = Encoding.UTF8.GetString(logEventId) };

    private static string? ReadSymbol(ReadOnlySpan<byte> json, in CapturedField field, Span<byte> buffer, out int length)
    {
        length = 0;
        if (field.Count == 0)
        {
            return "TICKER_SYMBOL is required, found no TICKER_SYMBOL field";
        }

        if (field.Count > 1)
        {
            return Duplicate("TICKER_SYMBOL", field.Count);
        }

        if (field.Type != JsonTokenType.String)
        {
            return $"TICKER_SYMBOL must be a string, got {field.Describe(json)}";
        }

        if (!field.TryUnescape(json, buffer, out length) || !TickerSymbol.IsValid(buffer[..length]))
        {
            return $"{SymbolRule}, got {field.Describe(json)}";
        }

        return null;
    }

    [SkipLocalsInit] // its stackalloc buffers are read only where written: not zeroed for every record
    private static string? ReadPrice(ReadOnlySpan<byte> json, in CapturedField field, out double price)
    {
        price = 0;
        if (field.Count == 0)
        {
            return "PRICE is required, found no PRICE field";
        }

        if (field.Count > 1)
        {
            return Duplicate("PRICE", field.Count);
        }

        Span<byte> text = stackalloc byte[MaxScalarTextLength];
        var parsed = field.Type switch
        {
            JsonTokenType.Number => JsonNumbers.TryParseDouble(field.Raw(json), out price),
            JsonTokenType.String => field.TryUnescape(json, text, out var n) && JsonNumbers.TryParseDouble(text[..n], out price),
            _ => false,
        };

        if (parsed && !double.IsFinite(price))
        {
            // "NaN", "Infinity" and numbers past double's range (1e400) parse, as non-finite values.
            return $"{PriceRule}, got {field.Describe(json)}, which is {(double.IsNaN(price) ? "NaN (not a number)" : "infinite")}";
        }

        return parsed && price > 0 ? null : $"{PriceRule}, got {field.Describe(json)}";
    }

    /// <summary>Reads SECTOR into <paramref name="chars"/>; <paramref name="length"/> is -1 when it is absent or null.</summary>
    [SkipLocalsInit] // its stackalloc buffers are read only where written: not zeroed for every record
    private static string? ReadSector(ReadOnlySpan<byte> json, in CapturedField field, Span<char> chars, out int length)
    {
        length = -1;
        if (field.Count == 0 || (field.Count == 1 && field.Type == JsonTokenType.Null))
        {
            return null;
        }

        if (field.Count > 1)
        {
            return Duplicate("SECTOR", field.Count);
        }

        if (field.Type != JsonTokenType.String)
        {
            return $"SECTOR must be a string, got {field.Describe(json)}";
        }

        // A UTF-16 character escapes to at most six bytes (\uXXXX), so a longer token is too long.
        Span<byte> utf8 = stackalloc byte[MaxSectorLength * 6];
        if (!field.TryUnescape(json, utf8, out var byteCount)
            || System.Text.Unicode.Utf8.ToUtf16(utf8[..byteCount], chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
            || HasControlCharacter(chars[..written]))
        {
            return $"{SectorRule}, got {field.Describe(json)}";
        }

        length = written;
        return null;
    }

    [SkipLocalsInit] // its stackalloc buffers are read only where written: not zeroed for every record
    private static string? ReadEventTime(ReadOnlySpan<byte> json, in CapturedField field, in TickerSource source, out long eventTimeMs)
    {
        eventTimeMs = 0;
        if (field.Count == 0 || (field.Count == 1 && field.Type == JsonTokenType.Null))
        {
            eventTimeMs = source.LogEventTimestampMs ?? source.ArrivalMs;
            return null;
        }

        if (field.Count > 1)
        {
            return Duplicate("EVENT_TIME", field.Count);
        }

        Span<byte> text = stackalloc byte[MaxScalarTextLength];
        var parsed = field.Type switch
        {
            JsonTokenType.Number => JsonNumbers.TryParseWholeInt64(field.Raw(json), out eventTimeMs),
            JsonTokenType.String => field.TryUnescape(json, text, out var n)
                && (JsonNumbers.TryParseWholeInt64(text[..n], out eventTimeMs) || IsoTimestamp.TryParseEpochMs(text[..n], out eventTimeMs)),
            _ => false,
        };

        // The range and the future skew are checked once the record is otherwise valid (EventTimeBound).
        return parsed ? null : $"{EventTimeRule}, got {field.Describe(json)}";
    }

    /// <summary>Where the event time came from, for an event-time-out-of-range message.</summary>
    private static string EventTimeOrigin(ReadOnlySpan<byte> json, in CapturedField field, in TickerSource source) =>
        field.Count == 1 && field.Type != JsonTokenType.Null ? $"EVENT_TIME {field.Describe(json)}"
        : source.LogEventTimestampMs is not null ? "the log event timestamp"
        : "the arrival time";

    private static bool HasControlCharacter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Duplicate(string name, int count) =>
        $"{name} must appear once, found {count} {name} fields (names match case-insensitively)";
}
