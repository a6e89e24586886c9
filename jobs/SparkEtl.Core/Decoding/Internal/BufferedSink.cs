using System.Runtime.InteropServices;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Holds the results of one CloudWatch envelope until the whole envelope has been read, so an
/// envelope yields either all its events' results or one <c>envelope-invalid</c> failure, never a
/// mix. Reused from envelope to envelope; not thread-safe.
/// </summary>
internal sealed class BufferedSink : ITransformSink
{
    // After an unusually large envelope, shrink back so one outlier does not pin memory.
    private const int RetainedCapacity = 4096;

    private readonly List<Result> _results = [];

    public void Accept(in Trade trade) => _results.Add(new Result(ResultKind.Accept, trade, default, null));

    public void Drop(DropReason reason) => _results.Add(new Result(ResultKind.Drop, default, reason, null));

    public void Fail(ErrorRecord error) => _results.Add(new Result(ResultKind.Fail, default, default, error));

    /// <summary>Replays the held results, in order, on <paramref name="sink"/>, then forgets them.</summary>
    public void FlushTo(ITransformSink sink)
    {
        try
        {
            foreach (ref readonly var result in CollectionsMarshal.AsSpan(_results))
            {
                switch (result.Kind)
                {
                    case ResultKind.Accept:
                        sink.Accept(result.Trade);
                        break;
                    case ResultKind.Drop:
                        sink.Drop(result.Reason);
                        break;
                    default:
                        sink.Fail(result.Error!);
                        break;
                }
            }
        }
        finally
        {
            Clear();
        }
    }

    public void Clear()
    {
        _results.Clear();
        if (_results.Capacity > RetainedCapacity)
        {
            _results.Capacity = RetainedCapacity;
        }
    }

    private enum ResultKind
    {
        Accept,
        Drop,
        Fail,
    }

    private readonly record struct Result(ResultKind Kind, Trade Trade, DropReason Reason, ErrorRecord? Error);
}
