using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SparkEtl.Core;
using SparkEtl.Status;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>--status-port</c> and <c>--status-bind</c>: a run's live status page (<see cref="StatusServer"/>), on loopback
/// unless <c>--status-bind</c> names another address. A value that cannot be served (out of range, not an address, a
/// port already taken, an address not of this machine) is a configuration error naming the option as written.
/// </summary>
internal sealed class StatusPageOptions
{
    private const string PortAllowed = "a TCP port from 1 to 65535 (0 picks a free one)";
    private const string BindAllowed = "an IP address of this machine, e.g. 127.0.0.1, ::1 or 0.0.0.0 (all addresses)";

    private readonly Option<string> _port = new Option<string>("--status-port")
    {
        Description = "Serve a live status page (charts, recent batches), /api/progress, /metrics (Prometheus) and /healthz on this port "
            + "while the run runs; its address is printed at the start. On 127.0.0.1 only unless --status-bind says otherwise. 0 picks a free port.",
        HelpName = "PORT",
    }.Accepting(text => ParsePort(text) is not null, PortAllowed);

    private readonly Option<string> _bind = new Option<string>("--status-bind")
    {
        Description = "The address the status page listens on (default 127.0.0.1); another than loopback, e.g. 0.0.0.0 in a container, "
            + "shows the run's progress, shard ids and warehouse location to whoever reaches the port: there is no login.",
        HelpName = "ADDRESS",
    }.Accepting(text => IPAddress.TryParse(text, out _), BindAllowed);

    /// <summary>Adds both options to <paramref name="command"/>, and the rule that <c>--status-bind</c> needs <c>--status-port</c>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_port);
        command.Options.Add(_bind);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_bind) is not null && result.GetResult(_port) is null)
            {
                result.AddError("Option --status-bind says where the status page listens; it needs --status-port PORT to serve one.");
            }
        });
    }

    /// <summary>
    /// Starts the status page when <c>--status-port</c> is given, and returns once it listens; null without it. Throws
    /// <see cref="ConfigurationException"/> naming <c>--status-port</c> or <c>--status-bind</c> when it cannot listen there.
    /// </summary>
    public async Task<StatusServer?> StartAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(_port) is not { } portText)
        {
            return null;
        }

        var port = ParsePort(portText) ?? throw new ConfigurationException(_port.Name, portText, PortAllowed);
        var bindText = parse.GetValue(_bind);
        var bind = bindText is null ? IPAddress.Loopback
            : IPAddress.TryParse(bindText, out var address) ? address
            : throw new ConfigurationException(_bind.Name, bindText, BindAllowed);
        var options = new StatusServerOptions { Port = port, Bind = bind, AllowNonLoopback = bindText is not null };
        try
        {
            return await StatusServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SparkEtlException or SocketException && SocketErrorOf(e) is { } error)
        {
            var where = bind.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString();
            throw error switch
            {
                SocketError.AddressAlreadyInUse => new ConfigurationException(_port.Name, portText,
                    $"a port nothing else listens on at {where} ({port} is taken; 0 picks a free one)", origin: null, e),
                SocketError.AccessDenied => new ConfigurationException(_port.Name, portText,
                    $"a port this user may listen on at {where} (ports below 1024 need privileges; 0 picks a free one)", origin: null, e),
                SocketError.AddressNotAvailable => new ConfigurationException(_bind.Name, bindText, BindAllowed + $" ({bind} is not one)", origin: null, e),
                _ => new ConfigurationException(_port.Name, portText, $"a port the status page can listen on at {where} ({e.Message})", origin: null, e),
            };
        }
    }

    private static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;

    // Kestrel reports a taken port as an IOException whose chain ends in the socket's error (which the status server
    // wraps), an address it cannot assign as the socket's error itself.
    private static SocketError? SocketErrorOf(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
