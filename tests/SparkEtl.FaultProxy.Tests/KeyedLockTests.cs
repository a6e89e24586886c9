using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>The per-key lock that serializes writes to one S3 object: one holder per key, other keys free, nothing left over.</summary>
public sealed class KeyedLockTests
{
    [Fact]
    public async Task OneKey_OneHolderAtATime_OtherKeysAreFree_AndIdleKeysAreForgotten()
    {
        var keyed = new KeyedLock();
        var held = await keyed.EnterAsync("bucket/a", CancellationToken.None);

        var sameKey = keyed.EnterAsync("bucket/a", CancellationToken.None);
        using (await keyed.EnterAsync("bucket/b", CancellationToken.None))
        {
            Assert.False(sameKey.IsCompleted);
        }

        held.Dispose();
        (await sameKey).Dispose();
        Assert.Equal(0, keyed.ActiveKeys);
    }

    [Fact]
    public async Task ManyWriters_OnOneKey_NeverOverlap()
    {
        var keyed = new KeyedLock();
        var inside = 0;
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using (await keyed.EnterAsync("bucket/commits/1", CancellationToken.None))
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.Equal(0, overlaps);
        Assert.Equal(0, keyed.ActiveKeys);
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheLockUsable()
    {
        var keyed = new KeyedLock();
        var held = await keyed.EnterAsync("k", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiter = keyed.EnterAsync("k", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        held.Dispose();

        using (await keyed.EnterAsync("k", CancellationToken.None))
        {
            Assert.Equal(1, keyed.ActiveKeys);
        }

        Assert.Equal(0, keyed.ActiveKeys);
    }
}
