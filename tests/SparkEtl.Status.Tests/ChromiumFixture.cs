using Microsoft.Playwright;
using SparkEtl.TestSupport;

namespace SparkEtl.Status.Tests;

/// <summary>
/// Debian's headless Chromium driven by Microsoft.Playwright (its bundled node driver, which works offline; Playwright's
/// own browser download is not used). When <c>/usr/bin/chromium</c> is missing it is installed with apt-get, as
/// scripts/test.sh installs the Debian packages the tests use.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept: artifacts/status/ in the checkout (ignored by git).</summary>
    public static string ArtifactsFolder => Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "status")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            await InstallChromiumAsync();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Args = Arguments });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page 1440 px wide in a context of its own, noting script errors and requests that leave the status server.</summary>
    public async Task<BrowserSession> NewSessionAsync(Uri server)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.ToString(), StringComparison.Ordinal))
            {
                problems.Add("request outside the server: " + request.Url);
            }
        };
        return new BrowserSession(context, page, problems);
    }

    private static async Task InstallChromiumAsync()
    {
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        (await ChildProcess.RunAsync("apt-get", ["update", "-qq"], environment: environment, timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess("apt-get update");
        (await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "chromium"], environment: environment, timeout: TimeSpan.FromMinutes(15)))
            .EnsureSuccess("apt-get install chromium");
        Assert.True(File.Exists(ExecutablePath), $"apt-get installed chromium but {ExecutablePath} is missing.");
    }
}
