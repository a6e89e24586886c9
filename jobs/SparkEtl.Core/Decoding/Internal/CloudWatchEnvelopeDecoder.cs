using System.Text.Json;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Decodes an inflated CloudWatch Logs subscription envelope: <c>messageType</c>
/// (<c>DATA_MESSAGE</c> or <c>CONTROL_MESSAGE</c>), <c>owner</c>, <c>logGroup</c>, <c>logStream</c>,
/// <c>subscriptionFilters</c> and <c>logEvents[{id, timestamp, message}]</c>, field names exactly as
/// CloudWatch writes them, in any order; unknown fields are ignored.
/// </summary>
/// <remarks>
/// One pass in the usual order (messageType and logGroup before logEvents): events are decoded as
/// they are read. When logEvents comes first, the pass only records where the array lies, and the
/// events are read from that slice once the envelope is known to be a DATA_MESSAGE. Results are held
/// until the whole envelope has been read: an envelope yields all its events' results, one
/// control-message drop, or one <c>envelope-invalid</c> failure. Not thread-safe.
/// </remarks>
internal sealed class CloudWatchEnvelopeDecoder
{
    private readonly LogMessageDecoder _messages;
    private readonly StringPool _logGroups;
    private readonly BufferedSink _results = new();

    // Kept from envelope to envelope (the decoder lives as long as its worker), so unescaping rents nothing per record.
    private ScratchBuffer _scratch;
    private ScratchBuffer _idScratch;

    public CloudWatchEnvelopeDecoder(LogMessageDecoder messages, int maxInternedValues)
    {
        _messages = messages;
        _logGroups = new StringPool(maxInternedValues);
    }

    /// <summary>Whether envelopes as CloudWatch writes them are read by <see cref="PlainEnvelopeScanner"/> first (the default); off, only the reader reads, for tests that compare the two.</summary>
    internal bool ScansPlainEnvelopes { get; init; } = true;

    /// <summary>
    /// Decodes the envelope <paramref name="json"/> that came as <paramref name="compressed"/> (kept
    /// as the raw data of an <c>envelope-invalid</c> failure) from <paramref name="position"/>.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> json, ReadOnlySpan<byte> compressed, SourcePosition position, long arrivalMs, ITransformSink sink)
    {
        _results.Begin(sink);
        string? problem = null;
        var kind = MessageKind.Data;
        var context = new EventContext(position, arrivalMs);
        if (!ScansPlainEnvelopes || !TryReadPlain(json, context))
        {
            _results.Clear();
            problem = Read(json, context, ref _scratch, ref _idScratch, out kind);
        }

        if (problem is not null)
        {
            _results.Clear();
            var source = new TickerSource(position, arrivalMs);
            sink.Fail(source.Error(ErrorType.EnvelopeInvalid, $"Inflated data is not a CloudWatch Logs subscription envelope: {problem}", compressed));
        }
        else if (kind == MessageKind.Control)
        {
            _results.Clear();
            sink.Drop(DropReason.ControlMessage);
        }
        else
        {
            _results.FlushTo(sink);
        }
    }

    /// <summary>
    /// Decodes an envelope as CloudWatch writes it with <see cref="PlainEnvelopeScanner"/>, into the held results; false
    /// when the scan finds something it does not know, and the reader must decide (the results are then partial).
    /// </summary>
    private bool TryReadPlain(ReadOnlySpan<byte> json, EventContext context)
    {
        // The reader rejects a string that is not valid UTF-8; the scan does not look, so it needs all of it valid.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return false;
        }

        var scanner = new PlainEnvelopeScanner(json);
        if (scanner.ReadHeader(out var logGroup) != EnvelopeScan.Read)
        {
            return false;
        }

        context = context with { LogGroup = _logGroups.InternUtf8(logGroup) };
        var count = 0;
        EnvelopeScan step;
        while ((step = scanner.ReadEvent(out var id, out var timestamp, out var message, out var escapes)) == EnvelopeScan.Read)
        {
            // As the reader does: an empty id is the empty string (no allocation); any other travels as bytes.
            var source = new TickerSource(context.Position with { EventIndex = count }, context.ArrivalMs, context.LogGroup, id.IsEmpty ? string.Empty : null, timestamp);
            if (escapes == MessageEscapes.None)
            {
                _messages.Decode(message, source, id, _results);
            }
            else if (escapes == MessageEscapes.Short || !_messages.TryDecodeEscaped(message, source, id, _results))
            {
                var text = _scratch.Get(message.Length);
                _messages.Decode(text[..PlainEnvelopeScanner.Unescape(message, text)], source, id, _results);
            }

            count = checked(count + 1);
        }

        // An empty DATA_MESSAGE is an error the reader words.
        return step == EnvelopeScan.End && count > 0;
    }

    private string? Read(ReadOnlySpan<byte> json, EventContext context, ref ScratchBuffer scratch, ref ScratchBuffer idScratch, out MessageKind kind)
    {
        kind = MessageKind.Unknown;
        var reader = new Utf8JsonReader(json);
        var eventsSeen = false;
        var eventsRead = false;
        int eventsStart = 0, eventsEnd = 0, eventCount = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"expected a JSON object, got {Describe(ref reader)}";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("messageType"u8))
                {
                    if (kind != MessageKind.Unknown)
                    {
                        return "messageType appears more than once";
                    }

                    reader.Read();
                    kind = reader.TokenType != JsonTokenType.String ? MessageKind.Unknown
                        : reader.ValueTextEquals("DATA_MESSAGE"u8) ? MessageKind.Data
                        : reader.ValueTextEquals("CONTROL_MESSAGE"u8) ? MessageKind.Control
                        : MessageKind.Unknown;
                    if (kind == MessageKind.Unknown)
                    {
                        return $"messageType must be DATA_MESSAGE or CONTROL_MESSAGE, got {Describe(ref reader)}";
                    }
                }
                else if (reader.ValueTextEquals("logGroup"u8))
                {
                    if (context.LogGroup is not null)
                    {
                        return "logGroup appears more than once";
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"logGroup must be a string, got {Describe(ref reader)}";
                    }

                    context = context with
                    {
                        LogGroup = reader.ValueIsEscaped ? _logGroups.Intern(reader.GetString()) : _logGroups.InternUtf8(reader.ValueSpan),
                    };
                }
                else if (reader.ValueTextEquals("logEvents"u8))
                {
                    if (eventsSeen)
                    {
                        return "logEvents appears more than once";
                    }

                    eventsSeen = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return $"logEvents must be an array, got {Describe(ref reader)}";
                    }

                    if (kind == MessageKind.Data && context.LogGroup is not null)
                    {
                        var problem = ReadEvents(ref reader, json, context, ref scratch, ref idScratch, out eventCount);
                        if (problem is not null)
                        {
                            return problem;
                        }

                        eventsRead = true;
                    }
                    else
                    {
                        eventsStart = checked((int)reader.TokenStartIndex);
                        reader.Skip();
                        eventsEnd = checked((int)reader.BytesConsumed);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The loop ends on the root's EndObject; anything but whitespace after it makes Read throw.
            if (reader.Read())
            {
                return "there is data after the envelope object";
            }

            if (kind == MessageKind.Unknown)
            {
                return "messageType is missing";
            }

            if (kind == MessageKind.Control)
            {
                return null;
            }

            if (context.LogGroup is null)
            {
                return "logGroup is missing";
            }

            if (!eventsSeen)
            {
                return "logEvents is missing";
            }

            if (!eventsRead)
            {
                var events = json[eventsStart..eventsEnd];
                var eventsReader = new Utf8JsonReader(events);
                eventsReader.Read();
                var problem = ReadEvents(ref eventsReader, events, context, ref scratch, ref idScratch, out eventCount);
                if (problem is not null)
                {
                    return problem;
                }
            }

            // CloudWatch never sends an empty DATA_MESSAGE; reporting it keeps "every record yields a result".
            return eventCount == 0 ? "logEvents is empty" : null;
        }
        catch (JsonException e)
        {
            return $"the JSON is malformed: {JsonProblem.Find(json) ?? e.Message}";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString/CopyString on a string that is not valid UTF-8 or holds an escaped lone surrogate.
            return "a string is not valid UTF-8 text";
        }
    }

    /// <summary>Reads the log events from the reader's StartArray to its EndArray, decoding each event's message.</summary>
    private string? ReadEvents(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, EventContext context, ref ScratchBuffer scratch, ref ScratchBuffer idScratch, out int count)
    {
        count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"log event #{count} must be an object, got {Describe(ref reader)}";
            }

            var idLength = -1;
            var idInScratch = false;
            var idStart = 0;
            long? timestamp = null;
            var messageInScratch = false;
            int messageStart = 0, messageLength = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (idLength >= 0)
                    {
                        return $"log event #{count} has more than one id";
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"log event #{count}: id must be a string, got {Describe(ref reader)}";
                    }

                    // The id is kept as UTF-8 (no string per event): unescaped into its own scratch when it has escapes
                    // (CopyString throws on invalid UTF-8 there), else validated where it lies, as GetString would.
                    idInScratch = reader.ValueIsEscaped;
                    if (idInScratch)
                    {
                        idLength = reader.CopyString(idScratch.Get(reader.ValueSpan.Length));
                    }
                    else if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
                    {
                        return "a string is not valid UTF-8 text";
                    }
                    else
                    {
                        idStart = checked((int)reader.TokenStartIndex + 1);
                        idLength = reader.ValueSpan.Length;
                    }
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    if (timestamp is not null)
                    {
                        return $"log event #{count} has more than one timestamp";
                    }

                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
                    {
                        return $"log event #{count}: timestamp must be epoch milliseconds, got {Describe(ref reader)}";
                    }

                    timestamp = value;
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (messageLength >= 0)
                    {
                        return $"log event #{count} has more than one message";
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"log event #{count}: message must be a string, got {Describe(ref reader)}";
                    }

                    // Unescaping never lengthens a string, so the escaped length bounds the copy.
                    messageInScratch = reader.ValueIsEscaped;
                    if (messageInScratch)
                    {
                        messageLength = reader.CopyString(scratch.Get(reader.ValueSpan.Length));
                    }
                    else
                    {
                        messageStart = checked((int)reader.TokenStartIndex + 1);
                        messageLength = reader.ValueSpan.Length;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (idLength < 0 || timestamp is null || messageLength < 0)
            {
                return $"log event #{count} has no {(idLength < 0 ? "id" : timestamp is null ? "timestamp" : "message")}";
            }

            var message = messageInScratch ? scratch.Written(messageLength) : input.Slice(messageStart, messageLength);
            var id = idInScratch ? idScratch.Written(idLength) : input.Slice(idStart, idLength);

            // An empty id is the empty string (no allocation); any other travels as bytes.
            var source = new TickerSource(context.Position with { EventIndex = count }, context.ArrivalMs, context.LogGroup, id.IsEmpty ? string.Empty : null, timestamp);
            _messages.Decode(message, source, id, _results);
            count = checked(count + 1);
        }

        return null;
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => ValuePreview.Quoted(reader.ValueSpan),
        JsonTokenType.Number => ValuePreview.Text(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "nothing",
    };

    private readonly record struct EventContext(SourcePosition Position, long ArrivalMs, string? LogGroup = null);
}
