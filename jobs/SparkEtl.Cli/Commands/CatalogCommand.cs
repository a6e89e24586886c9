using System.CommandLine;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl catalog ddl|sync</c>: the tables' Athena DDL, or creating them in the configured catalog.</summary>
internal sealed class CatalogCommand : ICommand
{
    private readonly CliSession _session;

    public CatalogCommand(CliSession session)
    {
        _session = session;
        var ddlSettings = new SettingsOptions("warehouse");
        var ddl = new Command("ddl", """
            Print CREATE EXTERNAL TABLE statements for trades, ohlc_<window> and errors at the configured warehouse, for
            Athena's query editor; with catalog.mode=projection they carry the partition projection properties, so Athena
            needs no partition registration. With table.format=iceberg: Athena's CREATE TABLE statements for Iceberg tables
            (TBLPROPERTIES ('table_type'='ICEBERG'), hidden partitioning by day).
            """);
        ddlSettings.AddTo(ddl);
        ddl.SetAction(parse => Ddl(ddlSettings.Load(parse, _session)));

        var syncSettings = new SettingsOptions("warehouse");
        var sync = new Command("sync", """
            Create the database and the tables in the configured catalog (catalog.mode: Glue for glue and projection, the
            warehouse's _catalog for local), or bring existing tables up to date.
            """);
        syncSettings.AddTo(sync);
        sync.SetAction((parse, _) => SyncAsync(syncSettings.Load(parse, _session)));

        Definition = new Command("catalog", "Print the tables' Athena DDL (ddl), or create or update them in the catalog (sync).") { ddl, sync };
    }

    public Command Definition { get; }

    private static TableDefinition[] Tables(EtlSettings settings) =>
        [SparkEtlTables.Trades, SparkEtlTables.Ohlc(settings.Window.OhlcTableName), SparkEtlTables.Errors];

    private int Ddl(EtlSettings settings)
    {
        var output = _session.Console.Out;
        var projection = settings.Catalog.Mode == CatalogMode.Projection ? settings.Catalog.ProjectionStartDay : null;
        output.WriteLine($"CREATE DATABASE IF NOT EXISTS `{settings.Database}`;\n");
        foreach (var table in Tables(settings))
        {
            output.WriteLine(settings.Table.Format == TableFormat.Iceberg
                ? IcebergAthenaDdl.Create(IcebergTableLayout.For(table, IcebergBatchTables.PartitionColumnOf(table), IcebergTableLayout.WarehouseUri(settings.Warehouse)), settings.Database)
                : table.AthenaDdl(settings.Database, TableLocations.Table(settings.Warehouse, table.Name), projection));
        }

        return 0;
    }

    private async Task<int> SyncAsync(EtlSettings settings)
    {
        var abort = _session.Signals.Abort;
        var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, probe: null, abort).ConfigureAwait(false);
        using (warehouse as IDisposable)
        using (var catalog = TableCatalogs.Open(settings, warehouse))
        {
            foreach (var line in await catalog.EnsureTablesAsync(Tables(settings), abort).ConfigureAwait(false))
            {
                await _session.Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        return 0;
    }
}
