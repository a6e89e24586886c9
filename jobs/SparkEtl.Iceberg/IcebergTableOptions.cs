namespace SparkEtl.Iceberg;

/// <summary>How an <see cref="IcebergTable"/> commits. The defaults suit production; tests inject fixed clocks and ids.</summary>
public sealed record IcebergTableOptions
{
    /// <summary>Attempts at moving the pointer before a commit fails with <see cref="IcebergCommitConflictException"/>. Default 8.</summary>
    public int MaxCommitAttempts { get; init; } = 8;

    /// <summary>The clock snapshots and metadata are stamped with. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Makes snapshot ids (positive, unique in the table). Default: random, as Iceberg's reference implementation does.</summary>
    public Func<long> NewSnapshotId { get; init; } = RandomSnapshotId;

    /// <summary>Makes the uuids of a new table and of manifest file names. Default <see cref="Guid.NewGuid"/>.</summary>
    public Func<Guid> NewUuid { get; init; } = Guid.NewGuid;

    /// <summary>Properties a new table gets besides the ones this library sets.</summary>
    public IReadOnlyDictionary<string, string> TableProperties { get; init; } = new Dictionary<string, string>();

    private static long RandomSnapshotId()
    {
        // Iceberg's reference implementation: a random uuid's halves XORed, masked to a positive long.
        var bytes = Guid.NewGuid().ToByteArray();
        var id = (BitConverter.ToInt64(bytes, 0) ^ BitConverter.ToInt64(bytes, 8)) & long.MaxValue;
        return id == 0 ? 1 : id;
    }
}
