using System.Text.Json;

namespace SparkEtl.Core.Configuration;

/// <summary>
/// The raw settings of a run as flat <c>path → text</c> pairs (e.g. <c>window.size → 1m</c>), built up in
/// layers: defaults, then the configuration file, then <c>SPARKETL_*</c> environment variables, then
/// command-line options. Each value remembers where it came from, so an error can say so.
/// </summary>
public sealed class SettingsLayers
{
    private readonly Dictionary<string, (string Value, string Origin)> _values = new(StringComparer.Ordinal);

    /// <summary>The value and origin set for <paramref name="path"/>, or null.</summary>
    public (string Value, string Origin)? Get(string path) =>
        _values.TryGetValue(path, out var entry) ? entry : null;

    /// <summary>Every path that was set, in ordinal order.</summary>
    public IEnumerable<string> Paths => _values.Keys.Order(StringComparer.Ordinal);

    public void Set(string path, string value, string origin) => _values[path] = (value, origin);

    /// <summary>
    /// Adds a JSON configuration file's settings: nested objects become dotted paths; scalars keep
    /// their JSON text (strings unquoted). Comments and trailing commas are allowed.
    /// </summary>
    public void AddJson(string json, string origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(origin, null, $"a JSON object ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException(origin, document.RootElement.ValueKind.ToString(), "a JSON object at the top level");
            }

            Flatten(document.RootElement, prefix: "", origin);
        }
    }

    /// <summary>Adds every known setting whose <c>SPARKETL_*</c> environment variable is set.</summary>
    public void AddEnvironment(IEnumerable<SettingDefinition> known, Func<string, string?> getVariable)
    {
        foreach (var setting in known)
        {
            var value = getVariable(setting.EnvironmentVariable);
            if (value is not null)
            {
                Set(setting.Path, value, $"environment variable {setting.EnvironmentVariable}");
            }
        }
    }

    private void Flatten(JsonElement element, string prefix, string origin)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, path, origin);
                    break;
                case JsonValueKind.String:
                    Set(path, property.Value.GetString()!, origin);
                    break;
                case JsonValueKind.Null:
                    _values.Remove(path);
                    break;
                case JsonValueKind.Array:
                    throw new ConfigurationException(path, property.Value.GetRawText(), $"a single value, not a list (in {origin})");
                default:
                    Set(path, property.Value.GetRawText(), origin);
                    break;
            }
        }
    }
}
