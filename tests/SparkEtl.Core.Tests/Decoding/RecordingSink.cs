using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>Keeps every result in call order.</summary>
public sealed class RecordingSink : ITransformSink
{
    public List<Result> Results { get; } = [];

    public IEnumerable<Trade> Trades => Results.Where(r => r.Trade is not null).Select(r => r.Trade!.Value);

    public IEnumerable<DropReason> Drops => Results.Where(r => r.Drop is not null).Select(r => r.Drop!.Value);

    public IEnumerable<ErrorRecord> Failures => Results.Where(r => r.Error is not null).Select(r => r.Error!);

    public void Accept(in Trade trade) => Results.Add(new Result(trade, null, null));

    public void Drop(DropReason reason) => Results.Add(new Result(null, reason, null));

    public void Fail(ErrorRecord error) => Results.Add(new Result(null, null, error));

    /// <summary>The only result, which must be a trade.</summary>
    public Trade SingleTrade()
    {
        var result = Assert.Single(Results);
        Assert.True(result.Trade is not null, $"Expected a trade, got {result}");
        return result.Trade!.Value;
    }

    /// <summary>The only result, which must be a failure.</summary>
    public ErrorRecord SingleFailure()
    {
        var result = Assert.Single(Results);
        Assert.True(result.Error is not null, $"Expected a failure, got {result}");
        return result.Error!;
    }

    /// <summary>A short label per result, e.g. <c>accept</c>, <c>drop:control-message</c>, <c>fail:parse-failed</c>.</summary>
    public IReadOnlyList<string> Labels() => Results.Select(r => r.Label).ToList();

    /// <summary>Every result in full (a failure with its message, raw data and source), to compare two ways of decoding.</summary>
    public List<string> Described() => Results.Select(r =>
        r.Error is { } e ? $"fail {e.Type} {e.Message} {Convert.ToBase64String(e.RawData.Span)} {e.Position} {e.LogEventId} {e.ArrivalMs}"
        : r.Drop is { } d ? $"drop {d}"
        : $"accept {r.Trade}").ToList();

    public sealed record Result(Trade? Trade, DropReason? Drop, ErrorRecord? Error)
    {
        public string Label => Trade is not null ? "accept" : Drop is { } d ? $"drop:{d.Code()}" : $"fail:{Error!.Type.Code()}";

        public override string ToString() => Error is not null ? $"{Label}: {Error.Message}" : Label;
    }
}
