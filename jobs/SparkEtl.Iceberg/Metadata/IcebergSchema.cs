namespace SparkEtl.Iceberg.Metadata;

/// <summary>An Iceberg schema: a struct of top-level fields with an id in the table's list of schemas.</summary>
public sealed record IcebergSchema(int SchemaId, IReadOnlyList<IcebergField> Fields)
{
    /// <summary>The field of that name (compared ignoring case, as Athena does), or null.</summary>
    public IcebergField? FindField(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The field with that id, or null.</summary>
    public IcebergField? FindField(int id) => Fields.FirstOrDefault(f => f.Id == id);

    /// <summary>The highest field id (the table's <c>last-column-id</c> when this is its only schema).</summary>
    public int HighestFieldId => Fields.Count == 0 ? 0 : Fields.Max(f => f.Id);

    /// <summary>True when both have the same fields (ids, names, types, nullability), whatever their schema ids and docs.</summary>
    public bool SameFieldsAs(IcebergSchema other) =>
        Fields.Count == other.Fields.Count && Fields.Zip(other.Fields).All(p => p.First with { Doc = null } == p.Second with { Doc = null });
}
