using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>Input made by tests/tools/gen_tickers.py, and what an independent Python computation expects from it.</summary>
internal static class TickerData
{
    public static async Task<string> GenerateAsync(TempDirectory folder, string format, int records, int seed, int symbols = 30, int shards = 4)
    {
        var path = folder.Combine($"{format}-{records}-{seed}.jsonl");
        var result = await ChildProcess.RunAsync("python3",
        [
            Path.Combine(RepositoryPaths.Tools, "gen_tickers.py"), "--format", format, "--records", $"{records}",
            "--seed", $"{seed}", "--symbols", $"{symbols}", "--shards", $"{shards}", "--rate", "200", "--out", path,
        ]);
        result.EnsureSuccess("gen_tickers.py");
        return path;
    }

    /// <summary>Runs tests/tools/expected_tables.py: trade counts per ticker and every OHLC bar.</summary>
    public static async Task<JsonElement> ExpectedAsync(string path, long windowMs = 60_000)
    {
        var result = await ChildProcess.RunAsync("python3",
            [Path.Combine(RepositoryPaths.Tools, "expected_tables.py"), path, "--window-ms", $"{windowMs}"]);
        return JsonDocument.Parse(result.EnsureSuccess("expected_tables.py").StandardOutput).RootElement;
    }
}
