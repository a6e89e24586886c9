using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Logging.Internal;

/// <summary>
/// Writes log entries to the <see cref="DiagnosticsWriter"/>: as a readable line (<c>14:30:05 info  message</c>), or as
/// one JSON object with the time, level, event id and name, message, each value by name and the exception, if any.
/// </summary>
internal sealed class CliLogger(DiagnosticsWriter writer, LogFormat format, LogLevel minimum, TimeProvider clock) : ILogger
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        var now = clock.GetUtcNow();
        writer.WriteLine(format == LogFormat.Json
            ? Json(logLevel, eventId, state as IReadOnlyList<KeyValuePair<string, object?>>, message, exception, now)
            : Text(logLevel, message, exception, now));
    }

    private static string Text(LogLevel level, string message, Exception? exception, DateTimeOffset now)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{now:HH:mm:ss} {Short(level),-5} {message}");
        return exception is null ? line : line + Environment.NewLine + exception;
    }

    private static string Json(LogLevel level, EventId eventId, IReadOnlyList<KeyValuePair<string, object?>>? values, string message, Exception? exception, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", level.ToString());
            json.WriteNumber("eventId", eventId.Id);
            if (eventId.Name is { } name)
            {
                json.WriteString("event", name);
            }

            json.WriteString("message", message);
            foreach (var (key, value) in values ?? [])
            {
                if (key == "{OriginalFormat}")
                {
                    continue;
                }

                var property = char.ToLowerInvariant(key[0]) + key[1..];
                switch (value)
                {
                    case null:
                        json.WriteNull(property);
                        break;
                    case QueryProgress progress:
                        json.WritePropertyName(property);
                        json.WriteRawValue(progress.ToJson());
                        break;
                    case bool flag:
                        json.WriteBoolean(property, flag);
                        break;
                    case int or long or double:
                        json.WritePropertyName(property);
                        json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                        break;
                    default:
                        json.WriteString(property, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };
}
