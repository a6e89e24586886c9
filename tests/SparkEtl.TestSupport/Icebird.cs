using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.TestSupport;

/// <summary>icebird (tests/interop/icebird-read.mjs), the independent Iceberg reader, run with node.</summary>
public static class Icebird
{
    /// <summary>Reads the table's current snapshot, or the one of <paramref name="metadataFile"/> (e.g. <c>v2.metadata.json</c>).</summary>
    public static async Task<IcebirdTable> ReadAsync(string tableUrl, string? metadataFile = null, Uri? s3Endpoint = null)
    {
        List<string> arguments = [Path.Combine(RepositoryPaths.Interop, "icebird-read.mjs"), "--table", tableUrl];
        if (metadataFile is not null)
        {
            arguments.AddRange(["--metadata", metadataFile]);
        }

        if (s3Endpoint is not null)
        {
            arguments.AddRange(["--s3-endpoint", s3Endpoint.ToString()]);
        }

        var result = await ChildProcess.RunAsync("node", arguments, workingDirectory: RepositoryPaths.Interop);
        var root = JsonDocument.Parse(result.EnsureSuccess("node icebird-read.mjs").StandardOutput).RootElement;
        return new IcebirdTable(
            root.GetProperty("snapshotId").GetInt64(),
            [.. root.GetProperty("dataFiles").EnumerateArray().Select(e => e.GetString()!)],
            [.. root.GetProperty("rows").EnumerateArray()]);
    }
}
