namespace SparkEtl.Iceberg.Metadata;

/// <summary>A partition spec: how a data file's partition tuple is derived from its rows.</summary>
public sealed record IcebergPartitionSpec(int SpecId, IReadOnlyList<IcebergPartitionField> Fields)
{
    /// <summary>The highest partition field id, or 999 when there are none (the table's <c>last-partition-id</c>).</summary>
    public int HighestFieldId => Fields.Count == 0 ? 999 : Fields.Max(f => f.FieldId);

    /// <summary>True when both have the same fields (Iceberg's rule for equivalent specs), whatever their spec ids.</summary>
    public bool SameFieldsAs(IcebergPartitionSpec other) => Fields.SequenceEqual(other.Fields);
}
