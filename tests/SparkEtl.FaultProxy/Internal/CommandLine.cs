using System.Globalization;
using System.Net;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>The executable's arguments: <c>--upstream URL [--listen HOST:PORT] [--faults SPEC] [--seed N] [--until-stdin-closes]</c>.</summary>
internal sealed record CommandLine(FaultProxyOptions Options, bool UntilStdinCloses)
{
    public const string Help = """
        SparkEtl.FaultProxy: a fault-injecting HTTP proxy for tests, in front of kinesalite or s3rver (loopback only).

        Usage:
          dotnet SparkEtl.FaultProxy.dll --upstream http://127.0.0.1:PORT [--listen 127.0.0.1:0]
                                         [--faults SPEC] [--seed N] [--until-stdin-closes]

        Options:
          --upstream URL        The service to forward to: plain http on a loopback address, no path. Required.
          --listen HOST:PORT    Where to listen: a loopback address (127.0.0.0/8, ::1 or localhost); port 0 picks
                                a free port. Default 127.0.0.1:0.
          --faults SPEC         The faults to inject (default none). See below.
          --seed N              Seed of the fault decisions (default 0). The same seed and the same sequence of
                                requests give the same faults.
          --until-stdin-closes  Also stop when standard input closes (for a parent process that holds a pipe).
          --help                This text.

        Output: the first line on standard output is the bound address, e.g. http://127.0.0.1:41234. On SIGINT or
        SIGTERM the proxy stops and prints its counters as one JSON line on standard output (the same document as
        GET /__faultproxy/stats) and a one-line summary on standard error. Exit codes: 0 stopped, 2 bad arguments.

        Fault syntax: rules separated by commas, each  KIND[@SCOPE]=RATE[:LATENCY]
          KIND     500         HTTP 500 (Kinesis InternalFailure JSON, S3 InternalError XML); not forwarded
                   503         HTTP 503 (Kinesis ServiceUnavailable JSON, S3 ServiceUnavailable XML); not forwarded
                   slowdown    S3 HTTP 503 SlowDown; S3 only
                   throughput  Kinesis HTTP 400 ProvisionedThroughputExceededException; GetRecords, PutRecords, PutRecord
                   expired     Kinesis HTTP 400 ExpiredIteratorException; GetRecords only
                   conflict    S3 HTTP 409 ConditionalRequestConflict; conditional S3 writes only
                   reset       connection reset, before or after forwarding (half each)
                   reset-before  reset before forwarding: the request never reached the service
                   reset-after   reset after the service answered: the work was done, the client cannot know
                   truncate    send the headers (full Content-Length) and part of the body, then reset
                   latency     wait before handling; needs :DURATION (200ms, 1.5s) or :MIN-MAX (50ms-500ms)
          RATE     probability 0..1 for each request the rule applies to
          SCOPE    kinesis | kinesis:OPERATION            (OPERATION as in X-Amz-Target, e.g. GetRecords)
                   s3 | s3:METHOD | s3:OPERATION          (METHOD GET PUT POST DELETE HEAD; OPERATION e.g. PutObject)
                   s3:METHOD:BUCKET/KEYPREFIX | s3:*:BUCKET/KEYPREFIX
          Per request at most one non-latency fault: the rules that apply are taken in the order written, each
          with its own share of one draw (rates that apply to one request should add up to at most 1).
          Latency rules draw separately, so a request can wait and then fail. "none" or "" means no faults.
          Example: --faults "500=0.02,503=0.02,slowdown=0.01,throughput=0.05,expired=0.01,reset=0.01,truncate=0.01,latency=0.05:200ms"
          Example: --faults "reset-after@s3:PUT:bucket/checkpoint/=0.2,throughput@kinesis:GetRecords=0.1"

        S3 conditional writes (s3rver ignores them; the proxy evaluates them, one write per bucket/key at a time):
          PutObject, CopyObject or CompleteMultipartUpload with
            If-None-Match: *     412 PreconditionFailed when the object exists
            If-Match: ETAG       404 NoSuchKey when there is no object, 412 PreconditionFailed when its ETag differs
            If-None-Match: ETAG  501 NotImplemented (S3 takes only * here)
          Otherwise the write is forwarded as it came. Conditional deletes are forwarded unevaluated.

        Administration (not counted, not faulted):
          GET /__faultproxy/stats    counters as JSON: requests, forwarded, upstreamFailures, faults by kind,
                                     operations (e.g. "kinesis:GetRecords") with their requests and faults,
                                     conditionalWrites (passed, preconditionFailed, noSuchKey)
          GET /__faultproxy/faults   the current rules
          PUT /__faultproxy/faults   replace the rules (body: the fault syntax; 400 with the reason if invalid)
        """;

    /// <summary>Parses the arguments; null means --help; throws <see cref="FormatException"/> for anything wrong.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args)
    {
        Uri? upstream = null;
        var listen = new IPEndPoint(IPAddress.Loopback, 0);
        var faults = FaultPlan.None;
        long seed = 0;
        var untilStdinCloses = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    return null;
                case "--until-stdin-closes":
                    untilStdinCloses = true;
                    continue;
                case "--upstream" or "--listen" or "--faults" or "--seed":
                    break;
                default:
                    throw new FormatException($"unknown argument \"{name}\" (see --help)");
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException($"{name} needs a value (see --help)");
            }

            var value = args[++i];
            switch (name)
            {
                case "--upstream":
                    upstream = Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"--upstream: \"{value}\" is not an absolute URL");
                    break;
                case "--listen":
                    listen = ParseListen(value);
                    break;
                case "--faults":
                    faults = FaultPlan.Parse(value);
                    break;
                case "--seed":
                    seed = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"--seed: \"{value}\" is not an integer");
                    break;
            }
        }

        if (upstream is null)
        {
            throw new FormatException("--upstream is required (see --help)");
        }

        return new CommandLine(new FaultProxyOptions { Upstream = upstream, Listen = listen, Faults = faults, Seed = seed }, untilStdinCloses);
    }

    private static IPEndPoint ParseListen(string value)
    {
        if (value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            value = "127.0.0.1" + value["localhost".Length..];
        }

        if (!IPEndPoint.TryParse(value, out var endpoint))
        {
            throw new FormatException($"--listen: \"{value}\" is not HOST:PORT with an IP address (e.g. 127.0.0.1:0)");
        }

        return endpoint;
    }
}
