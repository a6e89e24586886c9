using System.Collections;
using System.Diagnostics;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.FaultProxy;
using SparkEtl.Soak.Internal;
using SparkEtl.TestSupport;

namespace SparkEtl.Soak;

/// <summary>
/// Runs a soak: kinesalite and s3rver on free loopback ports with a <see cref="FaultInjectingProxy"/> in front of each;
/// a stream and a bucket; a producer putting ticker records through the Kinesis proxy for <see cref="SoakOptions.Duration"/>;
/// <c>sparketl run --source kinesis:STREAM --warehouse s3://BUCKET/w --trigger interval:1s</c> through both proxies (its
/// checkpoint on S3, the default), killed with SIGKILL at random moments and restarted; then a sentinel on every shard
/// to close the last windows, a drain, SIGTERM, and the check (<see cref="WarehouseFigures"/>).
/// </summary>
public static class SoakRunner
{
    public const string Bucket = "soak";
    public const string StreamName = "soak-tickers";
    public const string WarehousePrefix = "w";
    public const string ReportFile = "report.json";

    private const string Region = "us-east-1";
    private const string LegacyOpenSsl = "--openssl-legacy-provider";
    private static readonly SemaphoreSlim NodeOptionsGate = new(1, 1);

    /// <summary>The job's <c>window.watermarkDelay</c> (the default): the sentinels must carry the watermark this far past the last window.</summary>
    private const long WatermarkDelayMs = 30_000;

    /// <summary>Runs one soak; progress lines go to <paramref name="log"/>. The report is also written to <c>report.json</c> in the work directory.</summary>
    public static async Task<SoakReport> RunAsync(SoakOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        var job = Path.GetFullPath(options.JobAssembly ?? Path.Combine(AppContext.BaseDirectory, "sparketl.dll"));
        if (!File.Exists(job))
        {
            throw new InvalidOperationException($"The job under test is not there: {job}");
        }

        var directory = Path.GetFullPath(options.WorkDirectory);
        Directory.CreateDirectory(directory);
        var s3Data = Path.Combine(directory, "s3rver");
        Directory.CreateDirectory(s3Data);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var downloaded = false;
        try
        {
            await using var kinesalite = await LocalServiceProcess.StartKinesaliteAsync().ConfigureAwait(false);
            await using var s3rver = await StartS3rverAsync(s3Data).ConfigureAwait(false);
            await using var kinesisProxy = await FaultInjectingProxy.StartAsync(
                new FaultProxyOptions { Upstream = kinesalite.Endpoint, Faults = options.Faults, Seed = options.Seed }, cancellationToken).ConfigureAwait(false);
            await using var s3Proxy = await FaultInjectingProxy.StartAsync(
                new FaultProxyOptions { Upstream = s3rver.Endpoint, Faults = options.Faults, Seed = options.Seed + 1 }, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"soak: kinesalite {kinesalite.Endpoint} behind {kinesisProxy.Endpoint}, s3rver {s3rver.Endpoint} behind {s3Proxy.Endpoint}; faults {options.Faults}; job {job}; files in {directory}").ConfigureAwait(false);

            using var direct = KinesisClientFor(kinesalite.Endpoint);
            using var throughProxy = KinesisClientFor(kinesisProxy.Endpoint);
            await direct.CreateStreamAsync(StreamName, options.Shards, cancellationToken).ConfigureAwait(false);
            await direct.WaitForStreamActiveAsync(StreamName, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);

            using var ledger = new ProducedLedger(directory);
            var generator = new TickerStreamGenerator(options.Seed);
            var producer = new SoakProducer(throughProxy, StreamName, generator, ledger, log);
            using var supervisor = new JobSupervisor(
                job,
                ["run", "--source", $"kinesis:{StreamName}", "--warehouse", $"s3://{Bucket}/{WarehousePrefix}", "--trigger", $"interval:{options.TriggerInterval}", "--progress", "json"],
                JobEnvironment(kinesisProxy.Endpoint, s3Proxy.Endpoint),
                options,
                new Random(unchecked((int)(options.Seed * 7919) + 17)),
                Path.Combine(directory, "job.log"),
                log);

            // Producing, with kills.
            var producing = Stopwatch.StartNew();
            using (var stopKilling = new CancellationTokenSource())
            {
                var killing = supervisor.RunWithKillsAsync(stopKilling.Token);
                try
                {
                    await producer.RunAsync(options.Duration, options.RecordsPerSecond, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await stopKilling.CancelAsync().ConfigureAwait(false);
                    await killing.ConfigureAwait(false);
                }
            }

            var producingSeconds = producing.Elapsed.TotalSeconds;
            await log.WriteLineAsync($"soak: producer stopped after {producingSeconds:F0} s: {producer.RecordsAcknowledged:N0} Kinesis records; {supervisor.Kills} kills, {supervisor.Starts} runs, last batch {supervisor.MaxBatchId}").ConfigureAwait(false);

            // A sentinel on every shard, ahead in event time, so the watermark passes every window of the real trades.
            var drainClock = Stopwatch.StartNew();
            var sentinelTimeMs = Math.Max(generator.MaxEventTimeMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) + 120_000;
            var shards = await direct.ListShardsAsync(StreamName, cancellationToken).ConfigureAwait(false);
            await producer.PutAsync([.. shards.Select((s, i) => generator.Sentinel(s.HashKeyRange.StartingHashKey, sentinelTimeMs + i))], cancellationToken).ConfigureAwait(false);
            ledger.Complete();
            var snapshot = await StreamSnapshot.ReadAsync(direct, StreamName, directory, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"soak: {snapshot.Records:N0} Kinesis records on the stream; draining").ConfigureAwait(false);
            var exitCode = await supervisor.DrainAsync(snapshot.LastSequenceNumbers, sentinelTimeMs - WatermarkDelayMs, cancellationToken).ConfigureAwait(false);
            var drainSeconds = drainClock.Elapsed.TotalSeconds;
            var faults = new FaultFigures(kinesisProxy.GetStats(), s3Proxy.GetStats());

            // The check, straight from s3rver: no proxy, no engine code.
            await log.WriteLineAsync("soak: checking the warehouse (aws s3 sync, DuckDB)").ConfigureAwait(false);
            var warehouse = Path.Combine(directory, "warehouse");
            await WarehouseAudit.DownloadAsync(s3rver.Endpoint, Bucket, WarehousePrefix, warehouse, cancellationToken).ConfigureAwait(false);
            downloaded = true;
            var figures = await WarehouseAudit.CheckAsync(directory, warehouse, cancellationToken).ConfigureAwait(false);

            var report = new SoakReport
            {
                Seed = options.Seed,
                FaultPlan = options.Faults.ToString(),
                StartedAt = UtcTimestamp.Of(started),
                ProducingSeconds = producingSeconds,
                ElapsedSeconds = clock.Elapsed.TotalSeconds,
                Shards = options.Shards,
                Faults = faults,
                Job = new JobFigures
                {
                    Runs = supervisor.Starts,
                    Kills = supervisor.Kills,
                    UnexpectedExits = supervisor.UnexpectedExits,
                    BatchesCommitted = supervisor.MaxBatchId + 1,
                    ReplayedBatches = supervisor.ReplayedBatches,
                    LeftoversDeleted = supervisor.LeftoversDeleted,
                    Drained = exitCode is not null,
                    DrainSeconds = drainSeconds,
                    FinalExitCode = exitCode,
                },
                Producer = new ProducerFigures
                {
                    KinesisRecords = producer.RecordsAcknowledged,
                    Trades = producer.UnitsMade.GetValueOrDefault(UnitKind.Trade),
                    Malformed = producer.UnitsMade.GetValueOrDefault(UnitKind.Error),
                    Dropped = producer.UnitsMade.GetValueOrDefault(UnitKind.Drop),
                    Sentinels = producer.UnitsMade.GetValueOrDefault(UnitKind.Sentinel),
                    Calls = producer.Calls,
                    CallsRepeated = producer.CallsRepeated,
                    EntriesRefused = producer.EntriesRefused,
                },
                Warehouse = figures,
                WorkDirectory = directory,
            };
            await File.WriteAllTextAsync(Path.Combine(directory, ReportFile), report.ToJson(), cancellationToken).ConfigureAwait(false);
            if (report.Passed && options.DeleteWarehouseWhenPassed)
            {
                Directory.Delete(warehouse, recursive: true);
            }

            return report;
        }
        finally
        {
            // s3rver's own copy of the warehouse is not needed once the check has downloaded it; when the soak did not
            // get that far, it stays for a look.
            if (downloaded && Directory.Exists(s3Data))
            {
                Directory.Delete(s3Data, recursive: true);
            }
        }
    }

    /// <summary>
    /// Starts s3rver with OpenSSL's legacy provider: s3rver makes ListObjectsV2 continuation tokens with DES, which
    /// Node 17 and later offer only with it, so without it every listing longer than a page (1,000 keys) fails with
    /// InternalError, and a long soak's warehouse has more keys than that. Children copy the environment when they
    /// start, so NODE_OPTIONS is set only while s3rver starts.
    /// </summary>
    private static async Task<LocalServiceProcess> StartS3rverAsync(string directory)
    {
        await NodeOptionsGate.WaitAsync().ConfigureAwait(false);
        var before = Environment.GetEnvironmentVariable("NODE_OPTIONS");
        try
        {
            Environment.SetEnvironmentVariable("NODE_OPTIONS", string.IsNullOrEmpty(before) ? LegacyOpenSsl : $"{before} {LegacyOpenSsl}");
            return await LocalServiceProcess.StartAsync("s3rver-server.mjs", ["--directory", directory, "--bucket", Bucket]).ConfigureAwait(false);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NODE_OPTIONS", before);
            NodeOptionsGate.Release();
        }
    }

    private static KinesisClient KinesisClientFor(Uri endpoint) => new(new AwsClientOptions
    {
        Endpoint = endpoint,
        Region = Region,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
    });

    /// <summary>
    /// The job's environment: both stand-ins found the standard way (AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_S3) at the
    /// proxies, region and dummy keys in AWS_* variables, no profile, no instance metadata, and no SPARKETL_* settings
    /// inherited from the shell that started the soak (the job runs on its defaults).
    /// </summary>
    private static Dictionary<string, string?> JobEnvironment(Uri kinesis, Uri s3)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith("SPARKETL_", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        environment["AWS_ENDPOINT_URL_KINESIS"] = kinesis.ToString().TrimEnd('/');
        environment["AWS_ENDPOINT_URL_S3"] = s3.ToString().TrimEnd('/');
        environment["AWS_ENDPOINT_URL"] = null;
        environment["AWS_REGION"] = Region;
        environment["AWS_DEFAULT_REGION"] = Region;
        environment["AWS_ACCESS_KEY_ID"] = "S3RVER";
        environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        environment["AWS_SESSION_TOKEN"] = null;
        environment["AWS_PROFILE"] = null;
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return environment;
    }
}
