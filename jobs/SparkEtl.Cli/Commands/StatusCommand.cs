using System.CommandLine;
using SparkEtl.Cli.Status;
using SparkEtl.Core;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl status</c>: a query's state, read from its checkpoint (local or on S3) without touching it.</summary>
internal sealed class StatusCommand : ICommand
{
    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new("warehouse", "checkpoint");

    public StatusCommand(CliSession session)
    {
        _session = session;
        Definition = new Command("status", """
            Show a query's state from its checkpoint (a local folder or s3://; read only, a running query is not disturbed):
            the last batch committed and any left uncommitted, each shard's committed position and watermark, the query's
            watermark, the open windows, recent batches with their rates, and errors by type.
            """);
        _settings.AddTo(Definition);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var settings = _settings.Load(parse, _session);
        var location = settings.CheckpointLocation;
        var setting = settings.Checkpoint is null ? "warehouse" : "checkpoint";
        var abort = _session.Signals.Abort;
        var store = await Warehouses.OpenAsync(setting, location, settings.Aws, probe: null, abort).ConfigureAwait(false);
        using var lifetime = store as IDisposable;
        var status = await CheckpointStatus.ReadAsync(new CheckpointLog(store), abort).ConfigureAwait(false)
            ?? throw new ConfigurationException(setting, settings.Checkpoint ?? settings.Warehouse,
                $"a {(setting == "warehouse" ? "warehouse whose checkpoint" : "checkpoint")} 'sparketl run' wrote; {location} has no metadata");
        status.Write(_session.Console.Out, location);
        return 0;
    }
}
