using System.CommandLine;
using SparkEtl.Cli.Query;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl query "SQL"</c>: SQL over a local warehouse with DuckDB in process, the tables as views under their own
/// names, so an analyst can try Athena SQL locally.
/// </summary>
internal sealed class QueryCommand : ICommand
{
    private readonly CliSession _session;
    private readonly Argument<string> _sql = new("sql") { Description = "The SQL: the tables are views named trades, ohlc_<window> (ohlc_1m, ...) and errors, each with a dt column." };
    private readonly Option<string> _warehouse = new("--warehouse") { Description = "The local warehouse folder (default: the warehouse setting, ./warehouse).", HelpName = "DIR" };
    private readonly Option<string> _format = new("--format") { Description = "table (aligned, the default), csv (RFC 4180 with a header) or json (one object per line).", HelpName = "table|csv|json" };

    public QueryCommand(CliSession session)
    {
        _session = session;
        _format.AcceptOnlyFromAmong("table", "csv", "json");
        Definition = new Command("query", """
            Query a local warehouse with SQL, DuckDB in process. The tables are views under their own names (trades,
            ohlc_<window>, errors) over their Parquet files, with the partition dt as a string column, as Athena sees them.
            Times print as ISO-8601 UTC.
            """);
        Definition.Arguments.Add(_sql);
        Definition.Options.Add(_warehouse);
        Definition.Options.Add(_format);
        Definition.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var warehouse = parse.GetValue(_warehouse) ?? Environment.GetEnvironmentVariable("SPARKETL_WAREHOUSE") ?? "warehouse";
        using var query = WarehouseQuery.Open(warehouse);
        if (query.Tables.Count == 0)
        {
            throw new Core.ConfigurationException("--warehouse", warehouse, "a warehouse folder with tables in it ('sparketl run' writes them)");
        }

        var format = parse.GetValue(_format);
        await using var result = query.Execute(parse.GetRequiredValue(_sql), nestedAsJson: format == "json");
        var output = _session.Console.Out;
        _ = format switch
        {
            "csv" => await ResultFormatter.WriteCsvAsync(result.Reader, output, cancellationToken).ConfigureAwait(false),
            "json" => await ResultFormatter.WriteJsonLinesAsync(result.Reader, result.JsonColumns, output, cancellationToken).ConfigureAwait(false),
            _ => await ResultFormatter.WriteTableAsync(result.Reader, output, cancellationToken).ConfigureAwait(false),
        };
        return 0;
    }
}
