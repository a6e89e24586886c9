using System.Runtime.InteropServices;
using SparkEtl.FaultProxy;
using SparkEtl.FaultProxy.Internal;

CommandLine? commandLine;
try
{
    commandLine = CommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync("faultproxy: " + e.Message);
    return 2;
}

if (commandLine is null)
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

FaultInjectingProxy proxy;
try
{
    proxy = await FaultInjectingProxy.StartAsync(commandLine.Options, stop.Token);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("faultproxy: " + e.Message);
    return 2;
}

await using (proxy)
{
    // The first line is the address, for scripts; flushed at once since stdout may be a pipe.
    Console.Out.WriteLine(proxy.Endpoint.ToString().TrimEnd('/'));
    Console.Out.Flush();
    await Console.Error.WriteLineAsync($"faultproxy: {proxy.Endpoint} -> {proxy.Upstream}, seed {proxy.Seed}, faults {proxy.Faults}");
    if (commandLine.UntilStdinCloses)
    {
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await stop.CancelAsync();
        });
    }

    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Asked to stop.
    }

    var stats = proxy.GetStats();
    Console.Out.WriteLine(stats.ToJson());
    Console.Out.Flush();
    var faults = string.Join(' ', stats.Faults.Select(f => $"{f.Key}={f.Value}"));
    await Console.Error.WriteLineAsync($"faultproxy: {stats.Requests} requests, {stats.Forwarded} forwarded, {stats.UpstreamFailures} upstream failures; faults injected: {faults}; conditional writes: {stats.ConditionalWrites.Passed} passed, {stats.ConditionalWrites.PreconditionFailed} precondition failed, {stats.ConditionalWrites.NoSuchKey} no such key");
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
