using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SparkEtl.TestSupport.Aws;

/// <summary>
/// An official AWS service model (botocore's <c>data/{service}/{version}/service-2.json[.gz]</c>) and a validator
/// that checks a JSON value against one of its shapes the way the service's input validation would: required
/// members present, no unknown members, JSON types as the shape says, list/map/string lengths, numeric ranges,
/// enum values and (where .NET can compile it) the string pattern.
/// </summary>
public sealed class AwsServiceModel
{
    private static readonly Lazy<string> DataFolder = new(FindBotocoreData);
    private readonly JsonElement _shapes;
    private readonly JsonElement _operations;
    private readonly Dictionary<string, Regex?> _patterns = new(StringComparer.Ordinal);

    private AwsServiceModel(JsonDocument document)
    {
        Document = document;
        _shapes = document.RootElement.GetProperty("shapes");
        _operations = document.RootElement.GetProperty("operations");
    }

    public JsonDocument Document { get; }

    /// <summary>The model's <c>metadata.targetPrefix</c>, e.g. <c>AWSGlue</c>.</summary>
    public string TargetPrefix => Document.RootElement.GetProperty("metadata").GetProperty("targetPrefix").GetString()!;

    /// <summary>Loads a model, e.g. <c>("glue", "2017-03-31")</c>, from the botocore installed for python3.</summary>
    public static AwsServiceModel Load(string service, string version)
    {
        var folder = Path.Combine(DataFolder.Value, service, version);
        var plain = Path.Combine(folder, "service-2.json");
        var gzip = plain + ".gz";
        if (File.Exists(plain))
        {
            return new AwsServiceModel(JsonDocument.Parse(File.ReadAllBytes(plain)));
        }

        if (File.Exists(gzip))
        {
            using var file = File.OpenRead(gzip);
            using var unzip = new GZipStream(file, CompressionMode.Decompress);
            return new AwsServiceModel(JsonDocument.Parse(unzip));
        }

        throw new InvalidOperationException($"No service model at {plain}[.gz]; install python3-botocore (or awscli).");
    }

    public bool HasOperation(string operation) => _operations.TryGetProperty(operation, out _);

    /// <summary>The input shape's name, or null when the operation takes none.</summary>
    public string? InputShape(string operation) =>
        _operations.GetProperty(operation).TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;

    /// <summary>The output shape's name, or null when the operation returns nothing.</summary>
    public string? OutputShape(string operation) =>
        _operations.GetProperty(operation).TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;

    /// <summary>Returns every way <paramref name="value"/> breaks shape <paramref name="shapeName"/>, each with its JSON path.</summary>
    public IReadOnlyList<string> Validate(string shapeName, JsonElement value)
    {
        var errors = new List<string>();
        Validate(shapeName, value, "$", errors);
        return errors;
    }

    private static string FindBotocoreData()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SPARKETL_BOTOCORE_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        try
        {
            var result = ChildProcess.RunAsync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], workingDirectory: Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30))
                .GetAwaiter().GetResult();
            var data = Path.Combine(result.StandardOutput.Trim(), "data");
            if (result.ExitCode == 0 && Directory.Exists(data))
            {
                return data;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No python3: try the Debian location below.
        }

        const string Debian = "/usr/lib/python3/dist-packages/botocore/data";
        return Directory.Exists(Debian)
            ? Debian
            : throw new InvalidOperationException("botocore's service models were not found: install python3-botocore (apt) or awscli, or set SPARKETL_BOTOCORE_DATA.");
    }

    private void Validate(string shapeName, JsonElement value, string path, List<string> errors)
    {
        var shape = _shapes.GetProperty(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object ({shapeName}), got {value.ValueKind}");
                    return;
                }

                var members = shape.GetProperty("members");
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray())
                    {
                        if (!value.TryGetProperty(name.GetString()!, out var present) || present.ValueKind == JsonValueKind.Null)
                        {
                            errors.Add($"{path}: missing required member {name.GetString()} of {shapeName}");
                        }
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out var member))
                    {
                        errors.Add($"{path}: unknown member {property.Name} of {shapeName}");
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        Validate(member.GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}", errors);
                    }
                }

                break;

            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}: expected an array ({shapeName}), got {value.ValueKind}");
                    return;
                }

                CheckLength(shape, value.GetArrayLength(), shapeName, path, "items", errors);
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(itemShape, item, $"{path}[{index++}]", errors);
                }

                break;

            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object map ({shapeName}), got {value.ValueKind}");
                    return;
                }

                CheckLength(shape, value.EnumerateObject().Count(), shapeName, path, "entries", errors);
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(entry.Name));
                    Validate(keyShape, key.RootElement, $"{path}{{key {entry.Name}}}", errors);
                    Validate(valueShape, entry.Value, $"{path}[\"{entry.Name}\"]", errors);
                }

                break;

            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string ({shapeName}), got {value.ValueKind}");
                    return;
                }

                var text = value.GetString()!;
                CheckLength(shape, text.EnumerateRunes().Count(), shapeName, path, "characters", errors);
                if (shape.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetString() == text))
                {
                    errors.Add($"{path}: \"{text}\" is not one of {shapeName}'s values ({string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))})");
                }

                if (shape.TryGetProperty("pattern", out var pattern) && Pattern(pattern.GetString()!) is { } regex && !regex.IsMatch(text))
                {
                    errors.Add($"{path}: \"{text}\" does not match {shapeName}'s pattern {pattern.GetString()}");
                }

                break;

            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var integer))
                {
                    errors.Add($"{path}: expected an integer ({shapeName}), got {value.GetRawText()}");
                    return;
                }

                CheckRange(shape, integer, shapeName, path, errors);
                break;

            case "double" or "float":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add($"{path}: expected a number ({shapeName}), got {value.ValueKind}");
                }

                break;

            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected true or false ({shapeName}), got {value.GetRawText()}");
                }

                break;

            case "timestamp":
                // JSON 1.1 protocol: epoch seconds as a number.
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add($"{path}: expected a timestamp in epoch seconds ({shapeName}), got {value.GetRawText()}");
                }

                break;

            case "blob":
                if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out _))
                {
                    errors.Add($"{path}: expected a base64 string ({shapeName}), got {value.GetRawText()}");
                }

                break;

            default:
                errors.Add($"{path}: shape {shapeName} has type {type}, which this validator does not know");
                break;
        }
    }

    private static void CheckLength(JsonElement shape, int length, string shapeName, string path, string unit, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && length < min.GetInt64())
        {
            errors.Add($"{path}: {shapeName} needs at least {min.GetInt64()} {unit}, got {length}");
        }

        if (shape.TryGetProperty("max", out var max) && length > max.GetInt64())
        {
            errors.Add($"{path}: {shapeName} takes at most {max.GetInt64()} {unit}, got {length}");
        }
    }

    private static void CheckRange(JsonElement shape, long value, string shapeName, string path, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && value < min.GetInt64())
        {
            errors.Add($"{path}: {shapeName} is at least {min.GetInt64()}, got {value.ToString(CultureInfo.InvariantCulture)}");
        }

        if (shape.TryGetProperty("max", out var max) && value > max.GetInt64())
        {
            errors.Add($"{path}: {shapeName} is at most {max.GetInt64()}, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>The shape's pattern as an anchored .NET regex, or null when .NET cannot compile it (e.g. surrogate ranges).</summary>
    private Regex? Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                try
                {
                    regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException)
                {
                    regex = null;
                }

                _patterns[pattern] = regex;
            }

            return regex;
        }
    }
}
