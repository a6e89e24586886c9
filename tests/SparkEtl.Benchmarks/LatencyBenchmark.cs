using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Aws.S3;
using SparkEtl.Runner.Sources.Kinesis;

namespace SparkEtl.Benchmarks;

/// <summary>
/// B3: how long a record takes from its put on Kinesis to a visible Parquet object in the S3 warehouse, with
/// <c>sparketl run --source kinesis:... --trigger interval:...</c> reading a stream that is fed at a steady rate.
/// </summary>
/// <remarks>
/// Every put carries its own put time as <c>EVENT_TIME</c> (epoch ms), so each row of <c>trades</c> says when it was put.
/// The warehouse's <c>trades/</c> prefix is listed every 100 ms and each new object's first-seen time noted; the latency of a
/// row is its object's first-seen time minus its put time (so it includes up to one listing interval). Afterwards the
/// objects are downloaded and DuckDB (tests/interop) reads their event times. The job keeps up when every record put is seen,
/// the job drains within two trigger intervals plus 10 s of the last put, and latency does not grow: the median of the
/// last quarter of puts is within one trigger interval plus one second of the median of the second quarter.
/// </remarks>
internal static class LatencyBenchmark
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ListEvery = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(LatencyOptions options)
    {
        Directory.CreateDirectory(options.Work);
        var stream = string.Create(CultureInfo.InvariantCulture, $"bench-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        using var kinesis = new KinesisClient(new AwsClientOptions());
        await kinesis.CreateStreamAsync(stream, options.Shards, CancellationToken.None);
        await kinesis.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(60), CancellationToken.None);
        var warehouse = $"s3://{options.Bucket}/{stream}";
        using var s3 = new S3ObjectStore(new S3ObjectStoreOptions { Root = warehouse });

        using var job = StartJob(options, stream, warehouse);
        var committedTrades = 0L;
        var batches = 0;
        var longestBatchMs = 0L;
        var largestBatchRows = 0L;
        var firstBatchMs = 0L;
        var jobErrors = new StringBuilder();
        var readProgress = Task.Run(async () =>
        {
            // --progress json: one StreamingQueryProgress line per batch on standard error.
            while (await job.StandardError.ReadLineAsync() is { } line)
            {
                if (line.StartsWith('{'))
                {
                    using var progress = JsonDocument.Parse(line);
                    if (progress.RootElement.TryGetProperty("rowsPerTable", out var rows) && rows.TryGetProperty("trades", out var trades))
                    {
                        Interlocked.Add(ref committedTrades, trades.GetInt64());
                    }

                    Interlocked.Increment(ref batches);
                    Interlocked.CompareExchange(ref firstBatchMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
                    if (progress.RootElement.TryGetProperty("durationMs", out var duration) && duration.TryGetProperty("triggerExecution", out var ms))
                    {
                        longestBatchMs = Math.Max(longestBatchMs, ms.GetInt64());
                    }

                    if (progress.RootElement.TryGetProperty("numInputRows", out var inputRows))
                    {
                        largestBatchRows = Math.Max(largestBatchRows, inputRows.GetInt64());
                    }
                }
                else
                {
                    lock (jobErrors)
                    {
                        jobErrors.AppendLine(line);
                    }
                }
            }
        });
        var readOutput = job.StandardOutput.ReadToEndAsync();

        using var watching = new CancellationTokenSource();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var watch = WatchAsync(s3, seen, watching.Token);

        var producer = new KinesisProducer(kinesis, stream);
        var keys = PartitionKeysPerShard(options.Shards);
        var perTick = Math.Max(1, (int)(options.RatePerShard * Tick.TotalSeconds));
        var clock = Stopwatch.StartNew();
        var firstPutMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ticks = (int)(options.Seconds / Tick.TotalSeconds);
        for (var tick = 0; tick < ticks; tick++)
        {
            var due = Tick * tick;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var putMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var shard = 0; shard < options.Shards; shard++)
            {
                for (var i = 0; i < perTick; i++)
                {
                    var json = string.Create(CultureInfo.InvariantCulture,
                        $"{{\"TICKER_SYMBOL\":\"B3S{shard}\",\"SECTOR\":\"TECHNOLOGY\",\"PRICE\":{100 + (i % 50)}.25,\"EVENT_TIME\":{putMs}}}");
                    await producer.AddAsync(new PutRecordsEntry(keys[shard], Encoding.UTF8.GetBytes(json)), CancellationToken.None);
                }
            }

            await producer.FlushAsync(CancellationToken.None);
        }

        var putSeconds = clock.Elapsed.TotalSeconds;
        var put = producer.RecordsPut;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency: put {put:N0} records in {putSeconds:F1} s; waiting for the job to drain ..."));

        // Drained: the job's progress reports every put record committed to trades.
        var drainDeadline = TimeSpan.FromMilliseconds((2 * options.TriggerMs) + 10_000);
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref committedTrades) < put && drain.Elapsed < drainDeadline + TimeSpan.FromSeconds(50) && !job.HasExited)
        {
            await Task.Delay(100);
        }

        var drainSeconds = drain.Elapsed.TotalSeconds;
        await Task.Delay(ListEvery * 3);
        await watching.CancelAsync();
        await watch;

        // Stop the job as a scheduler would (SIGTERM: finish the batch in flight, then exit). Not SIGINT: a job started
        // in the background by a non-interactive shell inherits SIGINT ignored.
        using (var kill = Process.Start("kill", ["-TERM", job.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await job.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                job.Kill(entireProcessTree: true);
            }
        }

        await readProgress;
        await readOutput;
        await kinesis.DeleteStreamAsync(stream, CancellationToken.None);

        var latency = await MeasureAsync(options, s3, seen);
        var all = latency.SingleOrDefault(r => r["quarter"] is null && r["n"] is not null && (long)r["n"]! > 0);
        var quarters = latency.Where(r => r["quarter"] is not null).OrderBy(r => (int)r["quarter"]!).ToList();
        var seenRows = all is null ? 0 : (long)all["n"]!;
        var p50Second = quarters.Count == 4 ? (double)quarters[1]["p50"]! : double.NaN;
        var p50Last = quarters.Count == 4 ? (double)quarters[3]["p50"]! : double.NaN;
        var drained = Interlocked.Read(ref committedTrades) >= put && drainSeconds <= drainDeadline.TotalSeconds;
        var bounded = p50Last <= p50Second + options.TriggerMs + 1000;
        var keepsUp = seenRows == put && drained && bounded;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{seenRows:N0} of {put:N0} put records seen; drained {drainSeconds:F1} s after the last put (allowed {drainDeadline.TotalSeconds:F0} s); median latency second quarter {p50Second / 1000:F2} s, last quarter {p50Last / 1000:F2} s");

        var result = new JsonObject
        {
            ["shards"] = options.Shards,
            ["records_per_second_per_shard"] = options.RatePerShard,
            ["duration_seconds"] = options.Seconds,
            ["trigger"] = $"interval:{options.Trigger}",
            ["records_put"] = put,
            ["put_seconds"] = Math.Round(putSeconds, 2),
            ["records_seen"] = seenRows,
            ["batches"] = batches,
            ["first_batch_seconds_after_first_put"] = firstBatchMs == 0 ? null : Math.Round((firstBatchMs - firstPutMs) / 1000.0, 2),
            ["longest_batch_ms"] = longestBatchMs,
            ["largest_batch_kinesis_records"] = largestBatchRows,
            ["objects_seen"] = seen.Count,
            ["drain_seconds"] = Math.Round(drainSeconds, 2),
            ["latency_ms"] = all is null ? null : new JsonObject { ["p50"] = (double)all["p50"]!, ["p99"] = (double)all["p99"]!, ["min"] = (double)all["min"]!, ["max"] = (double)all["max"]! },
            ["latency_ms_by_quarter_of_puts"] = new JsonArray([.. quarters.Select(q => (JsonNode)new JsonObject { ["quarter"] = (int)q["quarter"]!, ["p50"] = (double)q["p50"]!, ["p99"] = (double)q["p99"]! })]),
            ["keeps_up"] = keepsUp,
            ["keeps_up_reason"] = reason,
            ["job_exit_code"] = job.HasExited ? job.ExitCode : null,
        };
        await File.WriteAllTextAsync(options.Out, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.Error.WriteLine(all is null
            ? $"latency: no record became visible; keeps up: no ({reason})"
            : string.Create(CultureInfo.InvariantCulture, $"latency: p50 {(double)all["p50"]! / 1000:F2} s, p99 {(double)all["p99"]! / 1000:F2} s; keeps up: {(keepsUp ? "yes" : "no")} ({reason})"));
        if (jobErrors.Length > 0 && !keepsUp)
        {
            Console.Error.WriteLine($"latency: the job said:\n{jobErrors}");
        }

        return 0;
    }

    private static Process StartJob(LatencyOptions options, string stream, string warehouse)
    {
        // The published CLI: a native executable, or an assembly for the dotnet host.
        var assembly = options.Sparketl.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(assembly ? "dotnet" : options.Sparketl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (assembly)
        {
            info.ArgumentList.Add(options.Sparketl);
        }

        foreach (var argument in new[]
        {
            "run", "--source", $"kinesis:{stream}", "--warehouse", warehouse, "--trigger", $"interval:{options.Trigger}",
            "--progress", "json", "--set", "catalog.mode=none",
        })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start sparketl.");
    }

    /// <summary>Lists <c>trades/</c> every <see cref="ListEvery"/> and notes when each object is first seen (epoch ms).</summary>
    private static async Task WatchAsync(S3ObjectStore s3, Dictionary<string, long> seen, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await foreach (var key in s3.ListAsync("trades/", CancellationToken.None))
            {
                if (key.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    seen.TryAdd(key, now);
                }
            }

            try
            {
                await Task.Delay(ListEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Downloads the seen objects and has DuckDB work out put-to-visible latency overall and per quarter of the puts.</summary>
    private static async Task<List<JsonObject>> MeasureAsync(LatencyOptions options, S3ObjectStore s3, Dictionary<string, long> seen)
    {
        var objects = Path.Combine(options.Work, "objects");
        Directory.CreateDirectory(objects);
        var csv = new StringBuilder("file,seen_ms\n");
        var n = 0;
        foreach (var (key, seenMs) in seen)
        {
            var path = Path.Combine(objects, string.Create(CultureInfo.InvariantCulture, $"{n++:D6}.parquet"));
            await File.WriteAllBytesAsync(path, await s3.GetAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key} was listed, then gone."));
            csv.Append(CultureInfo.InvariantCulture, $"{path},{seenMs}\n");
        }

        var seenCsv = Path.Combine(options.Work, "seen.csv");
        await File.WriteAllTextAsync(seenCsv, csv.ToString());
        var sql = $$"""
            WITH seen AS (SELECT * FROM read_csv('{{seenCsv}}', header = true, columns = {'file': 'VARCHAR', 'seen_ms': 'BIGINT'})),
                 rows AS (SELECT filename AS file, epoch_ms(event_time) AS put_ms FROM read_parquet('{{objects}}/*.parquet', filename = true)),
                 lat AS (SELECT put_ms, seen_ms - put_ms AS ms, ntile(4) OVER (ORDER BY put_ms) AS quarter FROM rows JOIN seen USING (file))
            SELECT quarter, count(*) AS n, quantile_cont(ms, 0.5) AS p50, quantile_cont(ms, 0.99) AS p99, min(ms) AS min, max(ms) AS max
            FROM lat GROUP BY GROUPING SETS ((quarter), ())
            """;
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = options.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(options.Interop, "duckdb-query.mjs"));
        using var node = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(sql);
        node.StandardInput.Close();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"DuckDB could not read the objects: {await stderr}");
        }

        return [.. JsonNode.Parse(await stdout)!.AsArray().Select(r => r!.AsObject())];
    }

    /// <summary>One partition key per shard: Kinesis puts a key on the shard whose equal slice of the 128-bit range holds its MD5.</summary>
    private static string[] PartitionKeysPerShard(int shards)
    {
        var keys = new string?[shards];
        Span<byte> hash = stackalloc byte[16];
        for (var i = 0; keys.Contains(null); i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"b3-{i}");
            MD5.HashData(Encoding.UTF8.GetBytes(key), hash);
            var shard = (int)(((UInt128)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) * (ulong)shards) >> 64);
            keys[shard] ??= key;
        }

        return keys!;
    }
}
