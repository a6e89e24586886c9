using SparkEtl.Core.Tables;

namespace SparkEtl.Warehouse.Catalog;

/// <summary>
/// Where the tables are made known to their readers (the Glue Data Catalog, or a catalog kept in the
/// warehouse). Both calls are idempotent, so a replayed batch registers nothing twice.
/// </summary>
public interface ITableCatalog : IDisposable
{
    /// <summary>What the catalog is, for messages: <c>Glue database sparketl at https://glue.eu-west-1.amazonaws.com</c>.</summary>
    string Description { get; }

    /// <summary>Creates the database and the tables, or brings existing tables up to their definitions.</summary>
    /// <returns>One line per table saying what was done.</returns>
    Task<IReadOnlyList<string>> EnsureTablesAsync(IReadOnlyList<TableDefinition> tables, CancellationToken cancellationToken);

    /// <summary>Registers the <c>dt</c> partitions a batch wrote, after their files are durable and before the batch commits.</summary>
    Task AddPartitionsAsync(TableDefinition table, IReadOnlyCollection<string> partitionValues, CancellationToken cancellationToken);
}
