using System.Runtime.InteropServices;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Holds the results of one CloudWatch envelope until the whole envelope has been read, so an
/// envelope yields either all its events' results or one <c>envelope-invalid</c> failure, never a
/// mix. Log event ids given as bytes are copied into a buffer of its own and handed on as bytes.
/// Reused from envelope to envelope; not thread-safe.
/// </summary>
internal sealed class BufferedSink : ITransformSink
{
    // After an unusually large envelope, shrink back so one outlier does not pin memory.
    private const int RetainedCapacity = 4096;

    private readonly List<Result> _results = [];
    private byte[] _ids = new byte[4096];
    private int _idsLength;

    public void Accept(in Trade trade) => _results.Add(new Result(ResultKind.Accept, trade, default, null, 0, -1));

    public void Accept(in Trade trade, ReadOnlySpan<byte> logEventId)
    {
        var start = _idsLength;
        if (_ids.Length - start < logEventId.Length)
        {
            Array.Resize(ref _ids, (int)Math.Min(Math.Max(2L * _ids.Length, (long)start + logEventId.Length), Array.MaxLength));
        }

        logEventId.CopyTo(_ids.AsSpan(start));
        _idsLength = start + logEventId.Length;
        _results.Add(new Result(ResultKind.Accept, trade, default, null, start, logEventId.Length));
    }

    public void Drop(DropReason reason) => _results.Add(new Result(ResultKind.Drop, default, reason, null, 0, -1));

    public void Fail(ErrorRecord error) => _results.Add(new Result(ResultKind.Fail, default, default, error, 0, -1));

    /// <summary>Replays the held results, in order, on <paramref name="sink"/>, then forgets them.</summary>
    public void FlushTo(ITransformSink sink)
    {
        try
        {
            var ids = _ids.AsSpan(0, _idsLength);
            foreach (ref readonly var result in CollectionsMarshal.AsSpan(_results))
            {
                switch (result.Kind)
                {
                    case ResultKind.Accept when result.IdLength >= 0:
                        sink.Accept(result.Trade, ids.Slice(result.IdStart, result.IdLength));
                        break;
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
        _idsLength = 0;
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

    private readonly record struct Result(ResultKind Kind, Trade Trade, DropReason Reason, ErrorRecord? Error, int IdStart, int IdLength);
}
