namespace SparkEtl.Status.Internal;

/// <summary>
/// A chart's horizontal axis: one band per batch id from <see cref="First"/> to <see cref="Last"/>, so lines and bars
/// of the same batches line up across charts. Labelled with batch ids and the wall-clock span the batches cover.
/// </summary>
internal sealed class BatchAxis
{
    private BatchAxis(long first, long last, IReadOnlyList<long> ticks, string title)
    {
        First = first;
        Last = last;
        Ticks = ticks;
        Title = title;
    }

    public long First { get; }

    public long Last { get; }

    /// <summary>The batch ids that get a label: multiples of a round step, at most about ten.</summary>
    public IReadOnlyList<long> Ticks { get; }

    public string Title { get; }

    public long Bands => Last - First + 1;

    public static BatchAxis Of(IReadOnlyList<BatchPoint> batches)
    {
        var first = batches[0].BatchId;
        var last = batches[^1].BatchId;
        // At most ten labels, at multiples of 1, 2 or 5 times a power of ten.
        var step = 1L;
        for (var power = 1L; step * 9 < last - first; power *= 10)
        {
            step = (last - first) <= 9 * 2 * power ? 2 * power : (last - first) <= 9 * 5 * power ? 5 * power : 10 * power;
        }

        var ticks = new List<long>();
        for (var id = (first + step - 1) / step * step; id <= last; id += step)
        {
            ticks.Add(id);
        }

        var from = batches.Select(b => b.Time).FirstOrDefault(t => t is not null);
        var to = batches.Select(b => b.Time).LastOrDefault(t => t is not null);
        var title = from is { } start && to is { } end
            ? $"batch id  ·  {ValueFormat.Time(start.ToUnixTimeMilliseconds())} – {ValueFormat.TimeOfDay(end.ToUnixTimeMilliseconds())} UTC"
            : "batch id";
        return new BatchAxis(first, last, ticks, title);
    }
}
