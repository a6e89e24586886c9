using Microsoft.Playwright;

namespace SparkEtl.Status.Tests;

/// <summary>A browser page in its own context, with what went wrong while it was open (script errors, outside requests).</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, List<string> problems) : IAsyncDisposable
{
    public IPage Page => page;

    public IReadOnlyList<string> Problems => problems;

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
