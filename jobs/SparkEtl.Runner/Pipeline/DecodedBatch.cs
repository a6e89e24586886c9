using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The transform results of one micro-batch, in source order: trades, failures and counts. Made and reused by
/// <see cref="BatchDecoder"/>; its trades are valid until it is handed back.
/// </summary>
internal sealed class DecodedBatch
{
    private readonly BatchCollector[] _chunks;

    public DecodedBatch(int chunks)
    {
        _chunks = new BatchCollector[chunks];
        for (var i = 0; i < chunks; i++)
        {
            _chunks[i] = new BatchCollector();
        }
    }

    /// <summary>The trades, in source order.</summary>
    public TradeBuffer Trades => _chunks[0].Trades;

    /// <summary>The failures, in source order.</summary>
    public List<ErrorRecord> Errors => _chunks[0].Errors;

    public TransformCounts Counts => _chunks[0].Counts;

    /// <summary>How long decoding took.</summary>
    public TimeSpan Elapsed { get; set; }

    internal BatchCollector Chunk(int index) => _chunks[index];

    /// <summary>Puts the results of the first <paramref name="chunks"/> chunks together, in chunk order, into the first.</summary>
    internal void Join(int chunks)
    {
        for (var i = 1; i < chunks; i++)
        {
            _chunks[0].MoveFrom(_chunks[i]);
        }
    }

    internal void Clear()
    {
        foreach (var chunk in _chunks)
        {
            chunk.Clear();
        }
    }
}
