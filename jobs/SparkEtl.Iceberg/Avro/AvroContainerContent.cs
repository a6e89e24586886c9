namespace SparkEtl.Iceberg.Avro;

/// <summary>
/// What a container file holds: the writer's schema, the header metadata, and the objects decoded generically
/// (a record is an <see cref="AvroRecord"/>, an array a <c>List&lt;object?&gt;</c>, a map a
/// <c>Dictionary&lt;string, object?&gt;</c>, int/long/double/float/bool/string as themselves, bytes and fixed as
/// <c>byte[]</c>, null as null).
/// </summary>
public sealed record AvroContainerContent(string SchemaJson, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<object?> Objects);
