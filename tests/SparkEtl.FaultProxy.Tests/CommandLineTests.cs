using System.Diagnostics;
using System.Net;
using SparkEtl.FaultProxy.Tests.Fixtures;
using SparkEtl.TestSupport;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>The executable as scripts run it: <c>dotnet tests/SparkEtl.FaultProxy/bin/Release/net10.0/SparkEtl.FaultProxy.dll ...</c>.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string Dll = Path.Combine(RepositoryPaths.Root, "tests", "SparkEtl.FaultProxy", "bin", "Release", "net10.0", "SparkEtl.FaultProxy.dll");
    private readonly List<Process> _started = [];

    [Fact]
    public async Task Help_DocumentsTheFaultSyntaxAndTheAdministration()
    {
        var result = await ChildProcess.RunAsync("dotnet", [Dll, "--help"], timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        foreach (var text in new[] { "KIND[@SCOPE]=RATE[:LATENCY]", "reset-after", "s3:METHOD:BUCKET/KEYPREFIX", "GET /__faultproxy/stats", "PUT /__faultproxy/faults", "If-None-Match: *", "--seed N" })
        {
            Assert.Contains(text, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--upstream http://127.0.0.1:9 --listen 0.0.0.0:0", "loopback only")]
    [InlineData("--upstream http://10.1.2.3:4567", "plain http on a loopback address")]
    [InlineData("--upstream http://127.0.0.1:9 --faults 500=2", "the rate must be a number from 0 to 1")]
    [InlineData("--listen 127.0.0.1:0", "--upstream is required")]
    [InlineData("--upstream http://127.0.0.1:9 --seed x", "--seed: \"x\" is not an integer")]
    [InlineData("--upstream http://127.0.0.1:9 --verbose", "unknown argument \"--verbose\"")]
    public async Task BadArguments_ExitWith2_AndOneLineNamingTheProblem(string arguments, string expected)
    {
        var result = await ChildProcess.RunAsync("dotnet", [Dll, .. arguments.Split(' ')], timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_PrintsTheAddressFirst_InjectsFaults_AndPrintsTheCountersOnSigterm()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var process = Start($"--upstream {upstream.Endpoint} --listen 127.0.0.1:0 --faults 503@s3:GET=1 --seed 5");
        var address = await ReadAddressAsync(process);
        using var http = new HttpClient();

        var get = await http.GetAsync(new Uri(address, "bucket/key"));
        var put = await http.PutAsync(new Uri(address, "bucket/key"), new ByteArrayContent([1]));
        var signal = await ChildProcess.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var (exitCode, rest, stderr) = await WaitForExitAsync(process);

        Assert.Equal("127.0.0.1", address.Host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0, signal.ExitCode);
        Assert.Equal(0, exitCode);
        var stats = FaultProxyStats.FromJson(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal((2, 1, 1), (stats.Requests, stats.Forwarded, stats.FaultsOf(FaultKind.ServiceUnavailable)));
        Assert.Contains("faults injected: 500=0 503=1 ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilStdinCloses_StopsWhenStandardInputCloses()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var process = Start($"--upstream {upstream.Endpoint} --until-stdin-closes");
        var address = await ReadAddressAsync(process);
        using var http = new HttpClient();
        await http.GetAsync(new Uri(address, "bucket/key"));

        process.StandardInput.Close();
        var (exitCode, rest, _) = await WaitForExitAsync(process);

        Assert.Equal(0, exitCode);
        Assert.Equal(1, FaultProxyStats.FromJson(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).Forwarded);
    }

    /// <summary>Starts the proxy; <see cref="Dispose"/> ends it if the test ended first (a failed assertion).</summary>
    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    private Process Start(string arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments.Split(' '))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the fault proxy.");
        _started.Add(process);
        return process;
    }

    private static async Task<Uri> ReadAddressAsync(Process process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
        return line is not null ? new Uri(line) : throw new InvalidOperationException("The proxy exited before printing its address: " + await process.StandardError.ReadToEndAsync());
    }

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> WaitForExitAsync(Process process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
