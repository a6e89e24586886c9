using System.Collections;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Internal;

/// <summary>
/// The records of a batch as a file source reads them, in source order, held in blocks of at most
/// <see cref="BlockLength"/> references (64 KiB, below the large object heap). A batch of any size is built without
/// copying what it holds so far and without large arrays, which only a full collection reclaims: a list of 83k records
/// grows by doubling through arrays of up to 1 MiB.
/// </summary>
/// <remarks>
/// Only the first block starts small and grows (16, 32, … references), so a small batch holds no whole block, unless
/// the list is given whole blocks to reuse (<see cref="BatchMemory.NewBatch"/>): a block it is given may hold stale
/// entries, which it overwrites before it counts them.
/// </remarks>
internal sealed class RecordBlocks : IReadOnlyList<KinesisRecord>
{
    /// <summary>How many records a full block holds.</summary>
    public const int BlockLength = 1 << BlockShift;

    private const int BlockShift = 13;
    private const int FirstBlockLength = 16;

    private readonly List<KinesisRecord[]> _blocks = [];
    private readonly Func<KinesisRecord[]?>? _rentBlock;

    public RecordBlocks()
    {
    }

    /// <param name="rentBlock">A whole block to reuse, or null when there is none.</param>
    public RecordBlocks(Func<KinesisRecord[]?> rentBlock)
    {
        _rentBlock = rentBlock;
    }

    public int Count { get; private set; }

    /// <summary>The blocks, in order: the first <see cref="Count"/> entries across them are the records.</summary>
    public IReadOnlyList<KinesisRecord[]> Blocks => _blocks;

    public KinesisRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _blocks[index >> BlockShift][index & (BlockLength - 1)];
        }
    }

    /// <summary>Appends <paramref name="record"/> at the end.</summary>
    public void Add(KinesisRecord record)
    {
        var block = Count >> BlockShift;
        var at = Count & (BlockLength - 1);
        if (block == _blocks.Count)
        {
            _blocks.Add(_rentBlock?.Invoke() ?? new KinesisRecord[block == 0 ? FirstBlockLength : BlockLength]);
        }
        else if (at == _blocks[block].Length)
        {
            var larger = new KinesisRecord[Math.Min(at * 2, BlockLength)];
            _blocks[block].CopyTo(larger, 0);
            _blocks[block] = larger;
        }

        _blocks[block][at] = record;
        Count++;
    }

    public IEnumerator<KinesisRecord> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _blocks[i >> BlockShift][i & (BlockLength - 1)];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
