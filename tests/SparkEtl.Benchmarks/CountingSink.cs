using SparkEtl.Core.Transform;

namespace SparkEtl.Benchmarks;

/// <summary>A sink that only counts, so a benchmark measures the decoder and not a collection.</summary>
internal sealed class CountingSink : ITransformSink
{
    public long Trades { get; private set; }

    public long Other { get; private set; }

    public void Accept(in Trade trade) => Trades++;

    public void Drop(DropReason reason) => Other++;

    public void Fail(ErrorRecord error) => Other++;
}
