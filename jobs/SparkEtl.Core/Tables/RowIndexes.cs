using System.Collections;

namespace SparkEtl.Core.Tables;

/// <summary>
/// The indexes of the rows that go to one file, in order. Held as a range (first and count) for as long as they follow
/// one another, as the rows of a batch that falls in one day do, and as a list only from the first gap: planning such a
/// batch allocates nothing per row.
/// </summary>
internal sealed class RowIndexes : IReadOnlyList<int>
{
    private List<int>? _list;

    /// <summary>The first index, when <see cref="IsRange"/>.</summary>
    public int First { get; private set; }

    public int Count { get; private set; }

    /// <summary>Whether the indexes are <see cref="First"/>, <see cref="First"/> + 1, … (or none).</summary>
    public bool IsRange => _list is null;

    public int this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _list is null ? First + index : _list[index];
        }
    }

    /// <summary>Appends <paramref name="index"/>.</summary>
    public void Add(int index)
    {
        if (_list is null)
        {
            if (Count == 0)
            {
                First = index;
                Count = 1;
                return;
            }

            if (index == First + Count)
            {
                Count++;
                return;
            }

            // The first gap: from here on the indexes are listed.
            _list = new List<int>(Count * 2);
            for (var i = 0; i < Count; i++)
            {
                _list.Add(First + i);
            }
        }

        _list.Add(index);
        Count++;
    }

    /// <summary>The <paramref name="count"/> indexes from position <paramref name="start"/>, as their own set.</summary>
    public RowIndexes Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return _list is null
            ? new RowIndexes { First = First + start, Count = count }
            : new RowIndexes { _list = _list.GetRange(start, count), Count = count };
    }

    public IEnumerator<int> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
