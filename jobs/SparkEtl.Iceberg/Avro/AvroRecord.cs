namespace SparkEtl.Iceberg.Avro;

/// <summary>A decoded Avro record: its fields by name, in schema order.</summary>
public sealed class AvroRecord(IReadOnlyDictionary<string, object?> fields)
{
    public IReadOnlyDictionary<string, object?> Fields { get; } = fields;

    /// <summary>The value of a field, or null when the field is null or the writer's schema has no such field.</summary>
    public object? this[string name] => Fields.TryGetValue(name, out var value) ? value : null;
}
