using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SparkEtl.TestSupport;

/// <summary>
/// A local AWS stand-in (kinesalite, s3rver) run by a node launcher from tests/interop. The launcher listens on
/// 127.0.0.1 and a free port, prints <c>{"port":N}</c>, and exits when its standard input closes; this class starts
/// it, waits (polling with a deadline) until it answers HTTP, and stops it on dispose.
/// </summary>
public sealed class LocalServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private LocalServiceProcess(Process process, StringBuilder stderr, Uri endpoint)
    {
        _process = process;
        _stderr = stderr;
        Endpoint = endpoint;
    }

    /// <summary>The service's endpoint, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>What the service wrote to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts kinesalite in memory, with streams changing state after 5 ms and a shard limit of 1000.</summary>
    public static Task<LocalServiceProcess> StartKinesaliteAsync() =>
        StartAsync("kinesalite-server.mjs", ["--createStreamMs", "5", "--deleteStreamMs", "5", "--updateStreamMs", "5", "--shardLimit", "1000"]);

    /// <summary>Starts s3rver storing its buckets under <paramref name="directory"/>.</summary>
    public static Task<LocalServiceProcess> StartS3rverAsync(string directory) =>
        StartAsync("s3rver-server.mjs", ["--directory", directory]);

    /// <summary>Runs <c>node tests/interop/{script} {arguments}</c> and waits until it answers HTTP (30 s deadline).</summary>
    public static async Task<LocalServiceProcess> StartAsync(string script, IReadOnlyList<string> arguments)
    {
        var interop = RepositoryPaths.Interop;
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(interop, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start node {script}.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException($"node {script} exited before it listened.\nstderr:\n{stderr}");
            }

            var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
            var service = new LocalServiceProcess(process, stderr, new Uri($"http://127.0.0.1:{port}/"));
            await service.WaitUntilAnsweringAsync(deadline);
            return service;
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing standard input asks the launcher to close its server and exit.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilAnsweringAsync(DateTimeOffset deadline)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var wait = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(Endpoint);
                return; // Any HTTP answer (even an error) means the server is up.
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
            {
                if (_process.HasExited || DateTimeOffset.UtcNow + wait > deadline)
                {
                    throw new InvalidOperationException($"{Endpoint} did not answer in time (exited: {_process.HasExited}).\nstderr:\n{StandardError}", e);
                }
            }

            await Task.Delay(wait);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
        }
    }
}
