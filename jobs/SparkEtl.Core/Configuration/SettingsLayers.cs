using System.Text.Json;

namespace SparkEtl.Core.Configuration;

/// <summary>
/// The raw settings of a run as flat <c>path → text</c> pairs (e.g. <c>window.size → 1m</c>), built up in
/// layers: defaults, then the configuration file, then <c>SPARKETL_*</c> environment variables, then
/// command-line options. Each value remembers where it came from (<see cref="SettingOrigin"/>), so an error can name
/// the setting as the user wrote it.
/// </summary>
public sealed class SettingsLayers
{
    private readonly Dictionary<string, (string Value, SettingOrigin Origin)> _values = new(StringComparer.Ordinal);

    /// <summary>The value set for <paramref name="path"/> and where it came from (in words), or null.</summary>
    public (string Value, string Origin)? Get(string path) =>
        _values.TryGetValue(path, out var entry) ? (entry.Value, entry.Origin.Description) : null;

    /// <summary>Where the value of <paramref name="path"/> came from, or null when nothing set it.</summary>
    public SettingOrigin? OriginOf(string path) => _values.TryGetValue(path, out var entry) ? entry.Origin : null;

    /// <summary>Every path that was set, in ordinal order.</summary>
    public IEnumerable<string> Paths => _values.Keys.Order(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="path"/>; <paramref name="origin"/> says where from, in words (a program's own choice).</summary>
    public void Set(string path, string value, string origin) => Set(path, value, SettingOrigin.Computed(path, origin));

    public void Set(string path, string value, SettingOrigin origin) => _values[path] = (value, origin);

    /// <summary>
    /// Adds a JSON configuration file's settings: nested objects become dotted paths; scalars keep
    /// their JSON text (strings unquoted). Comments and trailing commas are allowed.
    /// </summary>
    /// <param name="file">The file's path as the user gave it; messages name entries by it.</param>
    public void AddJson(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigurationException("--conf", file, $"a JSON configuration file ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException("--conf", file, $"a JSON configuration file whose top level is an object, not {document.RootElement.ValueKind}");
            }

            Flatten(document.RootElement, prefix: "", file);
        }
    }

    /// <summary>Adds every known setting whose <c>SPARKETL_*</c> environment variable is set.</summary>
    public void AddEnvironment(IEnumerable<SettingDefinition> known, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(getVariable);
        foreach (var setting in known)
        {
            var value = getVariable(setting.EnvironmentVariable);
            if (value is not null)
            {
                Set(setting.Path, value, SettingOrigin.FromEnvironment(setting.EnvironmentVariable));
            }
        }
    }

    private void Flatten(JsonElement element, string prefix, string file)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, path, file);
                    break;
                case JsonValueKind.String:
                    Set(path, property.Value.GetString()!, SettingOrigin.FromFile(path, file));
                    break;
                case JsonValueKind.Null:
                    _values.Remove(path);
                    break;
                case JsonValueKind.Array:
                    throw new ConfigurationException(path, property.Value.GetRawText(), "a single value, not a list", SettingOrigin.FromFile(path, file));
                default:
                    Set(path, property.Value.GetRawText(), SettingOrigin.FromFile(path, file));
                    break;
            }
        }
    }
}
