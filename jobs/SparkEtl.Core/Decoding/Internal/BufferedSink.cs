using System.Runtime.InteropServices;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Holds the results of one CloudWatch envelope until the whole envelope has been read, so an
/// envelope yields either all its events' results or one <c>envelope-invalid</c> failure, never a
/// mix. Log event ids given as bytes are copied into a buffer of its own and handed on as bytes.
/// Reused from envelope to envelope; not thread-safe.
/// </summary>
/// <remarks>
/// When the sink the results are for keeps its trades in a buffer it shows (<see cref="ITradeBufferSink"/>), trades go
/// straight there and only drops and failures are held: <see cref="Clear"/> takes those trades out again, and
/// <see cref="FlushTo"/> has the sink count them. Trades and failures land in different lists, so each list keeps the
/// envelope's order either way.
/// </remarks>
internal sealed class BufferedSink : ITransformSink
{
    // After an unusually large envelope, shrink back so one outlier does not pin memory.
    private const int RetainedCapacity = 4096;

    private readonly List<Result> _results = [];
    private byte[] _ids = new byte[4096];
    private int _idsLength;

    // The sink whose buffer takes the trades directly, where its buffer stood at the start, and how many trades it was given.
    private ITradeBufferSink? _direct;
    private TradeBuffer.Mark _directStart;
    private int _directCount;

    /// <summary>Starts holding the results of one envelope for <paramref name="sink"/>, forgetting any held before.</summary>
    public void Begin(ITransformSink sink)
    {
        // What an envelope cut short by an exception gave its sink is not taken back here: its batch failed with it.
        _direct = null;
        _directCount = 0;
        Clear();
        _direct = sink as ITradeBufferSink;
        _directStart = _direct?.Trades.Position ?? default;
    }

    public void Accept(in Trade trade)
    {
        if (_direct is not null)
        {
            _direct.Trades.Add(trade);
            _directCount++;
            return;
        }

        _results.Add(new Result(ResultKind.Accept, trade, default, null, 0, -1));
    }

    public void Accept(in Trade trade, ReadOnlySpan<byte> logEventId)
    {
        if (_direct is not null)
        {
            _direct.Trades.Add(trade, logEventId);
            _directCount++;
            return;
        }

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

    /// <summary>Replays the held results, in order, on <paramref name="sink"/> (the one given to <see cref="Begin"/>), then forgets them.</summary>
    public void FlushTo(ITransformSink sink)
    {
        try
        {
            // The trades already in the sink's buffer are its own from here on: Clear below must not take them back.
            if (_direct is { } direct)
            {
                var added = _directCount;
                _direct = null;
                _directCount = 0;
                direct.AcceptAdded(added);
            }

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

    /// <summary>Forgets the held results, and takes back the trades given straight to the sink's buffer since <see cref="Begin"/>.</summary>
    public void Clear()
    {
        if (_direct is not null && _directCount > 0)
        {
            _direct.Trades.RevertTo(_directStart);
            _directCount = 0;
        }

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
