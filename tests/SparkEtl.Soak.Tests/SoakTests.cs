using SparkEtl.FaultProxy;
using SparkEtl.Soak.Internal;
using Xunit.Abstractions;

namespace SparkEtl.Soak.Tests;

/// <summary>
/// A 3-minute soak (seed 1): producer, Kinesis, sparketl and S3 through fault proxies, with random SIGKILL restarts;
/// then a reader of the warehouse must find every record once and bars equal to their recomputation.
/// </summary>
public sealed class SoakTests(SoakFixture soak, ITestOutputHelper output) : IClassFixture<SoakFixture>
{
    [Fact]
    public void ThreeMinutesOfFaultsAndKills_LoseNothing_DuplicateNothing_AndTheBarsMatch()
    {
        var report = soak.Report;
        output.WriteLine(report.ToText());
        output.WriteLine(soak.Log);

        Assert.Equal(0, report.Warehouse.Lost);
        Assert.Equal(0, report.Warehouse.Duplicates);
        Assert.True(report.Warehouse.BarsMatch, "the bars differ from their recomputation");
        Assert.True(report.Passed, string.Join("; ", report.Failures));
        foreach (var kind in SoakFaults.Required)
        {
            Assert.True(report.Faults.Of(kind) >= 1, $"no {FaultKinds.Token(kind)} fault was injected");
        }

        Assert.True(report.Job.Kills >= 2, $"only {report.Job.Kills} kills");
        Assert.True(report.Producer.Trades > 10_000, $"only {report.Producer.Trades} trades produced");
        Assert.True(report.Warehouse.LateRecords > 0, "no trade came late, so the bars' reconciliation was not put to the test");
    }

    [Fact]
    public async Task TheCheck_FindsACopiedFileAndARemovedFile()
    {
        // The check has to be able to fail: doctor a copy of what the soak downloaded, as a broken commit would leave it.
        var warehouse = Path.Combine(soak.Report.WorkDirectory, "warehouse");
        var doctored = Path.Combine(soak.Directory, "doctored");
        CopyDirectory(warehouse, doctored);
        var trades = WarehouseAudit.VisibleFiles(doctored, "trades");
        File.Copy(trades[0], Path.Combine(Path.GetDirectoryName(trades[0])!, "part-99999999-0.snappy.parquet"));
        File.Delete(trades[trades.Count / 2]);

        var figures = await WarehouseAudit.CheckAsync(soak.Report.WorkDirectory, doctored, CancellationToken.None);

        Assert.True(figures.DuplicateTradeRows > 0, "a copied trades file was not seen as duplicates");
        Assert.True(figures.LostTrades > 0, "a removed trades file was not seen as lost trades");
        Assert.False(figures.BarsMatch, "the bars still matched trades with a file removed and another copied");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
