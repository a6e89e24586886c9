namespace SparkEtl.Iceberg.Metadata;

/// <summary>The names of <see cref="IcebergType"/> in metadata JSON (Iceberg spec, Appendix C).</summary>
public static class IcebergTypes
{
    public static string JsonName(this IcebergType type) => type switch
    {
        IcebergType.String => "string",
        IcebergType.Long => "long",
        IcebergType.Int => "int",
        IcebergType.Double => "double",
        IcebergType.Date => "date",
        IcebergType.TimestampTz => "timestamptz",
        IcebergType.Timestamp => "timestamp",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IcebergType."),
    };

    /// <summary>The type of a JSON type name; throws <see cref="NotSupportedException"/> for types SparkEtl does not write.</summary>
    public static IcebergType Parse(string name) => name switch
    {
        "string" => IcebergType.String,
        "long" => IcebergType.Long,
        "int" => IcebergType.Int,
        "double" => IcebergType.Double,
        "date" => IcebergType.Date,
        "timestamptz" => IcebergType.TimestampTz,
        "timestamp" => IcebergType.Timestamp,
        _ => throw new NotSupportedException($"Iceberg type \"{name}\" is not one SparkEtl reads or writes (string, long, int, double, date, timestamp, timestamptz)."),
    };
}
