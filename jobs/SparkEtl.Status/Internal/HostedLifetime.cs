using Microsoft.Extensions.Hosting;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The status server's host lifetime: none of its own. The default one handles SIGINT and SIGTERM and holds the
/// process at exit until the host is disposed; the job that embeds the server owns its signals and its exit code,
/// and stops the server itself.
/// </summary>
internal sealed class HostedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
