using SparkEtl.Core.Tables;

namespace SparkEtl.Warehouse.Catalog;

/// <summary><c>catalog.mode=none</c>: the files alone, registered nowhere.</summary>
public sealed class NoTableCatalog : ITableCatalog
{
    public string Description => "no catalog";

    public Task<IReadOnlyList<string>> EnsureTablesAsync(IReadOnlyList<TableDefinition> tables, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task AddPartitionsAsync(TableDefinition table, IReadOnlyCollection<string> partitionValues, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void Dispose()
    {
    }
}
