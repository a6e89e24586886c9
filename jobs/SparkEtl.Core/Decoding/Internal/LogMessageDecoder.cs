using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Finds the ticker JSON object in one CloudWatch log message and hands it to the transform. The
/// object may be the whole message or follow a prefix: Python Lambda logging
/// (<c>[INFO]\t&lt;time&gt;\t&lt;request id&gt;\t{json}</c>), Node console
/// (<c>&lt;time&gt;\t&lt;request id&gt;\tINFO\t{json}</c>), or the seed's marker
/// (<c>is_save_kinesis {json}</c>) inside either. Lambda platform lines are dropped.
/// </summary>
internal sealed class LogMessageDecoder
{
    /// <summary>
    /// How many <c>{</c> candidates are parsed before giving up. Each failed parse costs a thrown
    /// <see cref="System.Text.Json.JsonException"/>, so hostile messages must not buy unbounded ones.
    /// </summary>
    internal const int MaxCandidates = 16;

    // Lines the Lambda runtime writes around invocations; a subscription filter can let them through.
    private static readonly byte[][] PlatformPrefixes =
    [
        "START RequestId:"u8.ToArray(),
        "END RequestId:"u8.ToArray(),
        "REPORT RequestId:"u8.ToArray(),
        "INIT_START"u8.ToArray(),
        "INIT_REPORT"u8.ToArray(),
        "EXTENSION"u8.ToArray(),
        "TELEMETRY"u8.ToArray(),
    ];

    private readonly TickerTransform _transform;

    public LogMessageDecoder(TickerTransform transform) => _transform = transform;

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    /// <summary>
    /// Exactly one call on <paramref name="sink"/>: the trade, a platform-line drop, or a failure carrying the message bytes.
    /// The log event's id is <paramref name="logEventId"/> (UTF-8) when not empty, else <paramref name="source"/>'s.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> message, in TickerSource source, ReadOnlySpan<byte> logEventId, ITransformSink sink)
    {
        if (IsPlatformLine(message))
        {
            sink.Drop(DropReason.PlatformLogLine);
            return;
        }

        // The object ends the message (trailing whitespace aside), so a message whose last visible
        // byte is not '}' has none, and a candidate must read as an object up to that end.
        var end = message.TrimEnd(JsonWhitespace).Length;
        var firstCandidate = -1;
        if (end > 0 && message[end - 1] == '}')
        {
            var from = 0;
            var attempts = 0;
            while (attempts < MaxCandidates)
            {
                var offset = message[from..end].IndexOf((byte)'{');
                if (offset < 0)
                {
                    break;
                }

                var start = from + offset;
                if (OpensObject(message[(start + 1)..end]))
                {
                    attempts++;
                    if (firstCandidate < 0)
                    {
                        firstCandidate = start;
                    }

                    if (_transform.TryTransform(message[start..], source, logEventId, sink, message) == TickerOutcome.Emitted)
                    {
                        return;
                    }
                }

                from = start + 1;
            }
        }

        // Name what kept the first candidate from being read (NaN, nesting, invalid UTF-8, …), with offsets in the message.
        var problem = firstCandidate < 0 ? null : JsonProblem.Find(message[firstCandidate..], firstCandidate);
        var found = $"Expected a ticker JSON object in the log message, found none in {TickerTransform.DescribeData(message)}";
        sink.Fail(TickerTransform.WithLogEventId(source, logEventId).Error(
            ErrorType.ParseFailed,
            problem is null ? found : $"{found}; the object at byte {firstCandidate}: {problem}",
            message));
    }

    /// <summary>
    /// <see cref="Decode"/> for a message as it stands in an envelope that is valid UTF-8, still escaped, whose escapes are
    /// all <c>\" \t \n \r</c> (<see cref="MessageEscapes.QuotesAndWhitespace"/>): true when it made the one call on
    /// <paramref name="sink"/> that <see cref="Decode"/> makes for the message unescaped, a platform-line drop or the trade
    /// of the first candidate read where it stands; false, with nothing emitted, when the message must be unescaped first.
    /// </summary>
    /// <remarks>
    /// Those escapes stand for <c>"</c> and whitespace only, and every backslash starts one: the platform prefixes, the
    /// braces and a trailing <c>}</c> lie at the same places in both forms, and the escaped whitespace trims as whitespace.
    /// </remarks>
    public bool TryDecodeEscaped(ReadOnlySpan<byte> escaped, in TickerSource source, ReadOnlySpan<byte> logEventId, ITransformSink sink)
    {
        if (IsPlatformLine(escaped))
        {
            sink.Drop(DropReason.PlatformLogLine);
            return true;
        }

        var end = EscapedWhitespace.TrimEnd(escaped);
        if (end == 0 || escaped[end - 1] != '}')
        {
            return false;
        }

        for (var from = 0; from < end;)
        {
            var offset = escaped[from..end].IndexOf((byte)'{');
            if (offset < 0)
            {
                return false;
            }

            var start = from + offset;
            if (EscapedWhitespace.OpensObject(escaped[(start + 1)..end]))
            {
                return _transform.TryTransformEscaped(escaped[start..end], source, logEventId, sink) == TickerOutcome.Emitted;
            }

            from = start + 1;
        }

        return false;
    }

    internal static bool IsPlatformLine(ReadOnlySpan<byte> message)
    {
        // Each prefix starts with one of these letters, and an application's line seldom does: most are settled here.
        if (message.IsEmpty || message[0] is not ((byte)'S' or (byte)'E' or (byte)'R' or (byte)'I' or (byte)'T'))
        {
            return false;
        }

        foreach (var prefix in PlatformPrefixes)
        {
            if (message.StartsWith(prefix))
            {
                return true;
            }
        }

        return false;
    }

    // A JSON object opens with '{' then a member name or '}': this skips '{' in prose ("{count}")
    // and in templates ("{{") without paying for a failed parse.
    private static bool OpensObject(ReadOnlySpan<byte> afterBrace)
    {
        var rest = afterBrace.TrimStart(JsonWhitespace);
        return !rest.IsEmpty && rest[0] is (byte)'"' or (byte)'}';
    }
}
