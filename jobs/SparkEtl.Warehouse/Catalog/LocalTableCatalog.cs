using System.Text.Json;
using System.Text.Json.Nodes;
using SparkEtl.Core;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;

namespace SparkEtl.Warehouse.Catalog;

/// <summary>
/// A catalog kept in the warehouse itself, for the embedded default: one JSON file per table under
/// <c>_catalog/&lt;database&gt;/&lt;table&gt;.json</c> holding the same definition the Glue catalog would
/// (columns with Hive types, <c>dt</c> partition key, location, table properties) and the partitions written.
/// </summary>
public sealed class LocalTableCatalog(IObjectStore warehouse, string warehouseSetting, string database) : ITableCatalog
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public string Description => $"local catalog {warehouse.Root}/_catalog/{database}";

    public async Task<IReadOnlyList<string>> EnsureTablesAsync(IReadOnlyList<TableDefinition> tables, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        foreach (var table in tables)
        {
            var existing = await ReadPartitionsAsync(table, cancellationToken).ConfigureAwait(false);
            await WriteAsync(table, existing ?? [], cancellationToken).ConfigureAwait(false);
            done.Add($"{(existing is null ? "created" : "updated")} table {database}.{table.Name} in {Description}");
        }

        return done;
    }

    public async Task AddPartitionsAsync(TableDefinition table, IReadOnlyCollection<string> partitionValues, CancellationToken cancellationToken)
    {
        var known = (await ReadPartitionsAsync(table, cancellationToken).ConfigureAwait(false) ?? []).ToHashSet(StringComparer.Ordinal);
        if (!partitionValues.All(known.Contains))
        {
            await WriteAsync(table, known.Concat(partitionValues), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
    }

    private string Key(TableDefinition table) => $"_catalog/{database}/{table.Name}.json";

    /// <summary>The partitions the table's catalog file lists; null when there is no file yet. A damaged file is named.</summary>
    private async Task<List<string>?> ReadPartitionsAsync(TableDefinition table, CancellationToken cancellationToken)
    {
        var key = Key(table);
        var bytes = await warehouse.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes)?["partitions"] is JsonArray partitions
                ? [.. partitions.Select(p => p?.GetValue<string>() ?? throw new FormatException("a partition is null"))]
                : throw new FormatException("it has no \"partitions\" list");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new SparkEtlException(
                $"The catalog file {warehouse.Root.TrimEnd('/')}/{key} is damaged ({e.Message}); restore it, or delete it to have the next run write it again.",
                innerException: e);
        }
    }

    private async Task WriteAsync(TableDefinition table, IEnumerable<string> partitions, CancellationToken cancellationToken)
    {
        var location = TableLocations.Table(warehouseSetting, table.Name);
        var document = new JsonObject
        {
            ["database"] = database,
            ["name"] = table.Name,
            ["description"] = table.Description,
            ["location"] = location,
            ["format"] = "parquet",
            ["columns"] = new JsonArray([.. table.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.HiveType, ["comment"] = c.Comment })]),
            ["partitionKeys"] = new JsonArray(new JsonObject { ["name"] = TableDefinition.PartitionColumn, ["type"] = "string" }),
            ["parameters"] = new JsonObject([.. table.TableProperties(location, null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["partitions"] = new JsonArray([.. partitions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => (JsonNode)p)]),
        };
        // Written by the node itself, not the serializer: no reflection, so the natively compiled CLI writes it too.
        using var content = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(content, Indented))
        {
            document.WriteTo(writer);
        }

        content.Position = 0;
        await warehouse.PutAsync(Key(table), content, cancellationToken).ConfigureAwait(false);
    }
}
