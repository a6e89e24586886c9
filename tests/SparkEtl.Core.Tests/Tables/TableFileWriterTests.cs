using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Tables;

public class TableFileWriterTests
{
    private const long Day = 86_400_000;

    private static Trade At(long eventTimeMs, int sequence) =>
        new("JIB", null, 1, eventTimeMs, new SourcePosition("unknown", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), -1, -1), null, null, eventTimeMs);

    private static ParquetSettings Settings(int maxRowsPerFile) => new(ParquetCompression.Snappy, 1 << 20, 1 << 16, maxRowsPerFile);

    [Fact]
    public async Task WriteAsync_NamesEveryFileByOutputNamingPerPartitionAndPart()
    {
        var store = new MemoryStore();
        var trades = new[] { At(0, 1), At(1, 2), At(2, 3), At(Day, 4) };

        var files = await new TableFileWriter(store, Settings(2)).WriteAsync(SparkEtlTables.Trades, trades, 42, CancellationToken.None);

        Assert.Equal(
        [
            OutputNaming.DataFileKey(SparkEtlTables.Trades, "1970-01-01", 42, 0, ParquetCompression.Snappy),
            OutputNaming.DataFileKey(SparkEtlTables.Trades, "1970-01-01", 42, 1, ParquetCompression.Snappy),
            OutputNaming.DataFileKey(SparkEtlTables.Trades, "1970-01-02", 42, 0, ParquetCompression.Snappy),
        ], files.Select(f => f.Key));
        Assert.Equal([2L, 1L, 1L], files.Select(f => f.Rows));
        Assert.Equal(files.Select(f => f.Key).Order(StringComparer.Ordinal), store.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(f.Bytes, store.Objects[f.Key].Length));
        Assert.All(store.Objects.Values, bytes => Assert.Equal("PAR1"u8.ToArray(), bytes[..4]));
        Assert.Equal(["1970-01-01", "1970-01-01", "1970-01-02"], files.Select(f => f.Partition));
    }

    [Fact]
    public async Task WriteAsync_SameBatchAgain_PutsTheSameKeys()
    {
        var store = new MemoryStore();
        var writer = new TableFileWriter(store, Settings(10));

        var first = await writer.WriteAsync(SparkEtlTables.Trades, [At(0, 1)], 7, CancellationToken.None);
        var again = await writer.WriteAsync(SparkEtlTables.Trades, [At(0, 1)], 7, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(store.Objects);
    }

    [Fact]
    public async Task WriteAsync_RowsOfDaysInterleaved_GoToTheirPartitionInOrder()
    {
        var writer = new TableFileWriter(new MemoryStore(), Settings(10));

        var files = await writer.WriteAsync(SparkEtlTables.Trades, [At(0, 1), At(Day, 2), At(1, 3)], 0, CancellationToken.None);

        Assert.Equal([("1970-01-01", 2L), ("1970-01-02", 1L)], files.Select(f => (f.Partition, f.Rows)));
    }

    [Fact]
    public async Task WriteAsync_TradesInATradeBuffer_GiveTheSameFilesAsTheSameTradesInAList()
    {
        // The buffer is grouped and written in place; a list through its interface: the files must not differ.
        var trades = Enumerable.Range(0, 300).Select(i => At((i % 7 == 0 ? Day : 0) + i, i)).ToArray();
        var buffer = new TradeBuffer();
        foreach (var trade in trades)
        {
            buffer.Add(trade);
        }

        var fromList = new MemoryStore();
        var fromBuffer = new MemoryStore();
        var listed = await new TableFileWriter(fromList, Settings(100)).WriteAsync(SparkEtlTables.Trades, trades.ToList(), 3, CancellationToken.None);
        var buffered = await new TableFileWriter(fromBuffer, Settings(100)).WriteAsync(SparkEtlTables.Trades, buffer, 3, CancellationToken.None);

        Assert.Equal([("1970-01-01", 100L), ("1970-01-01", 100L), ("1970-01-01", 57L), ("1970-01-02", 43L)], buffered.Select(f => (f.Partition, f.Rows)));
        Assert.Equal(listed, buffered);
        Assert.All(listed, f => Assert.Equal(fromList.Objects[f.Key], fromBuffer.Objects[f.Key]));
    }

    [Fact]
    public void Plan_RowsOfOneDay_AreARangePerFile_AndOfDaysInterleaved_AreListed()
    {
        var writer = new TableFileWriter(new MemoryStore(), Settings(4));
        var oneDay = Enumerable.Range(0, 10).Select(i => At(i, i)).ToList();
        var twoDays = Enumerable.Range(0, 10).Select(i => At(i % 3 == 0 ? Day + i : i, i)).ToList();

        var single = writer.Plan(SparkEtlTables.Trades, oneDay, 1);
        var mixed = writer.Plan(SparkEtlTables.Trades, twoDays, 1);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], single.Files.Select(f => f.RowIndexes.ToArray()));
        Assert.All(single.Files, f => Assert.True(Assert.IsType<RowIndexes>(f.RowIndexes).IsRange));
        Assert.Equal([[1, 2, 4, 5], [7, 8], [0, 3, 6, 9]], mixed.Files.Select(f => f.RowIndexes.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_NoRows_WritesNothing() =>
        Assert.Empty(await new TableFileWriter(new MemoryStore(), Settings(10)).WriteAsync(SparkEtlTables.Errors, [], 0, CancellationToken.None));

    private sealed class MemoryStore : IObjectStore
    {
        public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

        public string Root => "memory://";

        public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            Objects[ObjectKeys.Validate(key)] = copy.ToArray();
        }

        public async Task<bool> PutIfAbsentAsync(string key, Stream content, CancellationToken cancellationToken)
        {
            if (Objects.ContainsKey(key))
            {
                return false;
            }

            await PutAsync(key, content, cancellationToken);
            return true;
        }

        public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult(Objects.TryGetValue(key, out var bytes) ? bytes : null);

        public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var key in Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                yield return key;
            }
        }

        public async IAsyncEnumerable<StoredObject> ListObjectsAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var key in ListAsync(prefix, cancellationToken))
            {
                yield return new StoredObject(key, null);
            }
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken)
        {
            Objects.Remove(key);
            return Task.CompletedTask;
        }
    }
}
