namespace SparkEtl.Core.Transform;

/// <summary>
/// A sink that keeps its trades in a <see cref="TradeBuffer"/> it shows. A decoder that must give a group of results all
/// or nothing (the events of one CloudWatch Logs envelope) adds the group's trades to that buffer as it reads them, holds
/// back only the group's drops and failures, and takes the trades out again if the group fails: each trade is copied
/// once instead of being held aside and handed over.
/// </summary>
public interface ITradeBufferSink : ITransformSink
{
    /// <summary>Where the sink's trades are; a trade added here directly is the sink's once <see cref="AcceptAdded"/> counts it.</summary>
    TradeBuffer Trades { get; }

    /// <summary>Counts <paramref name="count"/> trades added to <see cref="Trades"/> directly as accepted.</summary>
    void AcceptAdded(int count);
}
