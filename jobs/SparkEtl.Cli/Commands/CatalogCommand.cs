using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl catalog ddl|sync</c>: the tables' Athena DDL, or creating them in the configured catalog.</summary>
internal sealed class CatalogCommand : ICommand
{
    public string Summary => "Print the tables' Athena DDL (ddl), or create or update them in the catalog (sync).";

    public string Usage => """
        Usage: sparketl catalog ddl  [--conf FILE] [--warehouse DIR] [--set path=value]...
               sparketl catalog sync [--conf FILE] [--warehouse DIR] [--set path=value]...

        ddl   prints CREATE EXTERNAL TABLE statements for trades, ohlc_<window> and errors at the configured
              warehouse, for Athena's query editor; with catalog.mode=projection they carry the partition
              projection properties, so Athena needs no partition registration.
        sync  creates the database and the tables in the configured catalog (catalog.mode: Glue for glue and
              projection, the warehouse's _catalog for local), or brings existing tables up to date.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals)
    {
        var action = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var arguments = CommandArguments.Parse("catalog", [.. args.Skip(action is null ? 0 : 1)], SettingsLoader.Options, []);
        if (arguments.Help || action is null)
        {
            await console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return action is null && !arguments.Help ? 2 : 0;
        }

        var settings = SettingsLoader.Load(arguments);
        TableDefinition[] tables = [SparkEtlTables.Trades, SparkEtlTables.Ohlc(settings.Window.OhlcTableName), SparkEtlTables.Errors];
        switch (action)
        {
            case "ddl":
                var projection = settings.Catalog.Mode == CatalogMode.Projection ? settings.Catalog.ProjectionStartDay : null;
                await console.Out.WriteLineAsync($"CREATE DATABASE IF NOT EXISTS `{settings.Database}`;\n").ConfigureAwait(false);
                foreach (var table in tables)
                {
                    await console.Out.WriteLineAsync(table.AthenaDdl(settings.Database, TableLocations.Table(settings.Warehouse, table.Name), projection)).ConfigureAwait(false);
                }

                return 0;
            case "sync":
                var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, probe: null, signals.Abort).ConfigureAwait(false);
                using (warehouse as IDisposable)
                using (var catalog = TableCatalogs.Open(settings, warehouse))
                {
                    foreach (var line in await catalog.EnsureTablesAsync(tables, signals.Abort).ConfigureAwait(false))
                    {
                        await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                    }
                }

                return 0;
            default:
                throw new UsageException($"'sparketl catalog' takes ddl or sync; got \"{action}\".");
        }
    }
}
