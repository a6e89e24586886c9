using System.Globalization;
using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy;

/// <summary>
/// One rule of a <see cref="FaultPlan"/>: <c>kind[@scope]=rate[:latency]</c>, e.g. <c>500=0.02</c>,
/// <c>throughput@kinesis:GetRecords=0.1</c>, <c>latency=0.05:200ms</c>, <c>latency@s3=0.1:50ms-500ms</c>.
/// </summary>
public sealed class FaultRule
{
    private FaultRule(FaultKind kind, FaultScope? scope, double rate, TimeSpan latencyMin, TimeSpan latencyMax)
    {
        Kind = kind;
        Scope = scope;
        Rate = rate;
        LatencyMin = latencyMin;
        LatencyMax = latencyMax;
    }

    public FaultKind Kind { get; }

    /// <summary>The requests the rule applies to, or null for every request the kind can apply to.</summary>
    public FaultScope? Scope { get; }

    /// <summary>The probability, 0 to 1, that a request the rule applies to gets the fault.</summary>
    public double Rate { get; }

    /// <summary>For <see cref="FaultKind.Latency"/>: the shortest added wait (the wait is uniform in [min, max]).</summary>
    public TimeSpan LatencyMin { get; }

    /// <summary>For <see cref="FaultKind.Latency"/>: the longest added wait (equal to the shortest for a fixed wait).</summary>
    public TimeSpan LatencyMax { get; }

    /// <summary>Makes a rule in code; <paramref name="latencyMin"/> and <paramref name="latencyMax"/> only for latency.</summary>
    public static FaultRule Create(FaultKind kind, double rate, FaultScope? scope = null, TimeSpan? latencyMin = null, TimeSpan? latencyMax = null)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate is a probability from 0 to 1.");
        }

        var min = latencyMin ?? TimeSpan.Zero;
        var max = latencyMax ?? min;
        if (kind == FaultKind.Latency)
        {
            if (latencyMin is null || min < TimeSpan.Zero || max < min)
            {
                throw new ArgumentException("latency needs a duration, or a range min-max with 0 <= min <= max.", nameof(latencyMin));
            }
        }
        else if (latencyMin is not null || latencyMax is not null)
        {
            throw new ArgumentException($"{FaultKinds.Token(kind)} takes no duration.", nameof(latencyMin));
        }

        var rule = new FaultRule(kind, scope, rate, min, max);
        rule.CheckScopeFitsKind();
        return rule;
    }

    /// <summary>Parses one rule; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FaultRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new FormatException($"fault rule \"{text}\": expected kind[@scope]=rate, e.g. 500=0.02");
        }

        var left = text[..equals].Trim();
        var right = text[(equals + 1)..].Trim();
        var at = left.IndexOf('@', StringComparison.Ordinal);
        var kindText = at < 0 ? left : left[..at].Trim();
        if (!FaultKinds.TryParse(kindText, out var kind))
        {
            throw new FormatException($"fault rule \"{text}\": unknown kind \"{kindText}\" (one of {FaultKinds.AllTokens})");
        }

        var scope = at < 0 ? null : FaultScope.Parse(left[(at + 1)..].Trim());
        var colon = right.IndexOf(':', StringComparison.Ordinal);
        var rateText = colon < 0 ? right : right[..colon].Trim();
        if (!double.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate > 1)
        {
            throw new FormatException($"fault rule \"{text}\": the rate must be a number from 0 to 1, got \"{rateText}\"");
        }

        TimeSpan? min = null;
        TimeSpan? max = null;
        if (colon >= 0)
        {
            if (kind != FaultKind.Latency)
            {
                throw new FormatException($"fault rule \"{text}\": only latency takes a duration after the rate");
            }

            var durations = right[(colon + 1)..].Trim();
            var dash = durations.IndexOf('-', StringComparison.Ordinal);
            min = ParseDuration(text, dash < 0 ? durations : durations[..dash]);
            max = dash < 0 ? min : ParseDuration(text, durations[(dash + 1)..]);
            if (max < min)
            {
                throw new FormatException($"fault rule \"{text}\": the latency range {durations} ends before it starts");
            }
        }
        else if (kind == FaultKind.Latency)
        {
            throw new FormatException($"fault rule \"{text}\": latency needs a duration, e.g. latency=0.05:200ms or latency=0.05:50ms-500ms");
        }

        var rule = new FaultRule(kind, scope, rate, min ?? TimeSpan.Zero, max ?? TimeSpan.Zero);
        try
        {
            rule.CheckScopeFitsKind();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"fault rule \"{text}\": {e.Message}", e);
        }

        return rule;
    }

    /// <summary>The rule as <see cref="Parse"/> reads it.</summary>
    public override string ToString()
    {
        var text = FaultKinds.Token(Kind);
        if (Scope is not null)
        {
            text += "@" + Scope;
        }

        text += "=" + Rate.ToString("0.######", CultureInfo.InvariantCulture);
        if (Kind == FaultKind.Latency)
        {
            text += ":" + FormatDuration(LatencyMin);
            if (LatencyMax != LatencyMin)
            {
                text += "-" + FormatDuration(LatencyMax);
            }
        }

        return text;
    }

    /// <summary>True when the kind can happen to the request and the scope (if any) matches it.</summary>
    internal bool AppliesTo(RequestTarget request) => KindFits(Kind, request) && (Scope is null || Scope.Matches(request));

    private static bool KindFits(FaultKind kind, RequestTarget request) => kind switch
    {
        FaultKind.SlowDown => request.IsS3,
        FaultKind.ConditionalConflict => request.IsS3 && request.IsConditionalWrite,
        FaultKind.Throughput => request.Service == RequestTarget.Kinesis && request.Operation is "GetRecords" or "PutRecords" or "PutRecord",
        FaultKind.ExpiredIterator => request.Service == RequestTarget.Kinesis && request.Operation == "GetRecords",
        _ => true,
    };

    private static TimeSpan ParseDuration(string rule, string text)
    {
        text = text.Trim();
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : throw new FormatException($"fault rule \"{rule}\": a duration ends in ms or s, e.g. 200ms or 1.5s, got \"{text}\"");
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * scale > TimeSpan.FromHours(1).TotalMilliseconds)
        {
            throw new FormatException($"fault rule \"{rule}\": \"{text}\" is not a duration from 0 to 1 hour");
        }

        return TimeSpan.FromMilliseconds(value * scale);
    }

    private static string FormatDuration(TimeSpan duration) => duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";

    /// <summary>Rejects a scope the kind can never apply to (e.g. <c>throughput@s3</c>), which would silently inject nothing.</summary>
    private void CheckScopeFitsKind()
    {
        if (Scope is null)
        {
            return;
        }

        var operation = Scope.Operation;
        var fits = Kind switch
        {
            FaultKind.SlowDown or FaultKind.ConditionalConflict => Scope.Service == RequestTarget.S3,
            FaultKind.Throughput => Scope.Service == RequestTarget.Kinesis && (operation is null || operation.Equals("GetRecords", StringComparison.OrdinalIgnoreCase) || operation.Equals("PutRecords", StringComparison.OrdinalIgnoreCase) || operation.Equals("PutRecord", StringComparison.OrdinalIgnoreCase)),
            FaultKind.ExpiredIterator => Scope.Service == RequestTarget.Kinesis && (operation is null || operation.Equals("GetRecords", StringComparison.OrdinalIgnoreCase)),
            _ => true,
        };
        if (!fits)
        {
            throw new ArgumentException($"{FaultKinds.Token(Kind)} never happens to {Scope} requests ({Applicability(Kind)})");
        }
    }

    private static string Applicability(FaultKind kind) => kind switch
    {
        FaultKind.SlowDown => "slowdown is for S3",
        FaultKind.ConditionalConflict => "conflict is for conditional S3 writes",
        FaultKind.Throughput => "throughput is for Kinesis GetRecords, PutRecords and PutRecord",
        FaultKind.ExpiredIterator => "expired is for Kinesis GetRecords",
        _ => "any request",
    };
}
