using SparkEtl.Warehouse.Storage;
using SparkEtl.TestSupport;

namespace SparkEtl.Warehouse.Tests.Storage;

public class LocalObjectStoreTests
{
    [Fact]
    public async Task Put_ThenGetAndList_RoundTripsBytesInKeyOrder()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        byte[] payload = [1, 2, 3, 0, 255];

        await store.PutAsync("t/dt=2024-01-02/b.parquet", new MemoryStream(payload), CancellationToken.None);
        await store.PutAsync("t/dt=2024-01-01/a.parquet", new MemoryStream([9]), CancellationToken.None);
        await store.PutAsync("u/c.parquet", new MemoryStream([8]), CancellationToken.None);

        Assert.Equal(payload, await store.GetAsync("t/dt=2024-01-02/b.parquet", CancellationToken.None));
        Assert.Equal(["t/dt=2024-01-01/a.parquet", "t/dt=2024-01-02/b.parquet"], await store.ListAsync("t/", CancellationToken.None).ToListAsync());
        Assert.Null(await store.GetAsync("t/missing", CancellationToken.None));
    }

    [Fact]
    public async Task Put_SameKeyTwice_ReplacesAndLeavesNoTemporaryFiles()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);

        await store.PutAsync("a/b", new MemoryStream([1, 1, 1, 1]), CancellationToken.None);
        await store.PutAsync("a/b", new MemoryStream([2]), CancellationToken.None);

        Assert.Equal([2], await store.GetAsync("a/b", CancellationToken.None));
        Assert.Equal(["b"], Directory.GetFiles(folder.Combine("a")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PutIfAbsent_RacingWriters_ExactlyOneWinsEachKey_AndItsBytesStay()
    {
        // A check that the name is free followed by a rename lets two writers both win, the second replacing the first.
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        for (var round = 0; round < 200; round++)
        {
            var key = $"metadata/v{round}.metadata.json";
            using var start = new ManualResetEventSlim();
            var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
            {
                start.Wait();
                return await store.PutIfAbsentAsync(key, new MemoryStream([(byte)writer]), CancellationToken.None);
            })).ToList();
            start.Set();
            var won = await Task.WhenAll(writers);

            var winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
            Assert.Equal([(byte)winner], (await store.GetAsync(key, CancellationToken.None))!);
        }

        Assert.Equal(200, Directory.GetFiles(folder.Combine("metadata")).Length);
    }

    [Fact]
    public async Task PutIfAbsent_KeyTaken_ReturnsFalseAndKeepsTheFirstObject()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);

        Assert.True(await store.PutIfAbsentAsync("c/offsets/3", new MemoryStream([1]), CancellationToken.None));
        Assert.False(await store.PutIfAbsentAsync("c/offsets/3", new MemoryStream([2, 2]), CancellationToken.None));

        Assert.Equal([1], await store.GetAsync("c/offsets/3", CancellationToken.None));
        Assert.Equal(["3"], Directory.GetFiles(folder.Combine("c", "offsets")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PutIfAbsent_RacingWriters_ExactlyOneWins()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.PutIfAbsentAsync("race", new MemoryStream([(byte)i]), CancellationToken.None))));

        var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won);
        Assert.Equal(new[] { (byte)winner.i }, await store.GetAsync("race", CancellationToken.None));
        Assert.Equal(["race"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Put_ContentThatFails_LeavesNothingBehind()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a/b", new FailingStream(), CancellationToken.None));

        Assert.Empty(Directory.GetFiles(folder.Combine("a")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task Put_KeyThatCouldLeaveTheRoot_IsRefused(string key)
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Combine("root"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), CancellationToken.None));

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    private sealed class FailingStream : MemoryStream
    {
        public FailingStream()
            : base([1, 2, 3])
        {
        }

        public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
            throw new IOException("disk on fire");
    }

    [Fact]
    public async Task ListObjects_GivesKeysInOrderWithTheFilesModificationTimes()
    {
        using var folder = new TempDirectory();
        var store = new LocalObjectStore(folder.Path);
        await store.PutAsync("t/data/b.parquet", new MemoryStream([1]), CancellationToken.None);
        await store.PutAsync("t/data/a.parquet", new MemoryStream([2]), CancellationToken.None);
        await store.PutAsync("u/c.parquet", new MemoryStream([3]), CancellationToken.None);
        var old = new DateTime(2023, 11, 14, 9, 30, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(store.PathOf("t/data/a.parquet"), old);

        var listed = await store.ListObjectsAsync("t/", CancellationToken.None).ToListAsync();

        Assert.Equal(["t/data/a.parquet", "t/data/b.parquet"], listed.Select(o => o.Key));
        Assert.Equal(new DateTimeOffset(old), listed[0].LastModified);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(store.PathOf("t/data/b.parquet"))), listed[1].LastModified);
    }
}
