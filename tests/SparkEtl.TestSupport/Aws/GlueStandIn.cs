using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SparkEtl.TestSupport.Aws;

/// <summary>
/// A local stand-in for the AWS Glue Data Catalog API on 127.0.0.1 (there is no Glue emulator). Every request is
/// checked against the official Glue service model from botocore (see <see cref="AwsServiceModel"/>) and refused
/// with <c>InvalidInputException</c> when it breaks it; databases, tables and partitions are kept in memory and
/// answered as Glue answers (JSON 1.1, epoch-second timestamps, <c>__type</c> errors). Every answer is checked against
/// the model's output shape as well, so the official AWS CLI can read it.
/// </summary>
/// <remarks>
/// Supported: GetDatabase, CreateDatabase, GetTable, CreateTable, UpdateTable (with <c>VersionId</c> enforced: a stale
/// one is refused with <c>ConcurrentModificationException</c>), DeleteTable, GetPartition,
/// CreatePartition, BatchCreatePartition, GetPartitions (without <c>Expression</c>; pages of <see cref="PageSize"/>).
/// Signatures are checked for form (SigV4 header with a <c>glue</c> scope), not recomputed.
/// </remarks>
public sealed class GlueStandIn : IAsyncDisposable
{
    public const string CatalogId = "123456789012";

    private static readonly Lazy<AwsServiceModel> GlueModel = new(() => AwsServiceModel.Load("glue", "2017-03-31"));
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly object _gate = new();
    private readonly Dictionary<string, DatabaseEntry> _databases = new(StringComparer.Ordinal);
    private readonly List<string> _requestErrors = [];
    private readonly List<string> _responseErrors = [];
    private readonly List<string> _operations = [];
    private int _requestCounter;

    private GlueStandIn(HttpListener listener, Uri endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The most partitions one GetPartitions page holds (default 1000, Glue's maximum).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Every way a request broke the Glue model, each prefixed with its operation.</summary>
    public IReadOnlyList<string> RequestValidationErrors
    {
        get
        {
            lock (_gate)
            {
                return [.. _requestErrors];
            }
        }
    }

    /// <summary>Every way an answer of this stand-in broke the Glue model (a bug here, should stay empty).</summary>
    public IReadOnlyList<string> ResponseValidationErrors
    {
        get
        {
            lock (_gate)
            {
                return [.. _responseErrors];
            }
        }
    }

    /// <summary>The operations called, in order.</summary>
    public IReadOnlyList<string> Operations
    {
        get
        {
            lock (_gate)
            {
                return [.. _operations];
            }
        }
    }

    /// <summary>Loads the Glue model and starts listening on 127.0.0.1 and a free port.</summary>
    public static GlueStandIn Start()
    {
        _ = GlueModel.Value;
        for (var attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
            }

            var listener = new HttpListener();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(endpoint.ToString());
            try
            {
                listener.Start();
                return new GlueStandIn(listener, endpoint);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // The probed port was taken in between: probe another.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Close after Stop unregisters the prefix a second time, which binds the port again
        // for a moment and fails when another process took the port in between.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var requestId = "standin-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
        int status;
        JsonNode body;
        try
        {
            (status, body) = Handle(context.Request);
        }
        catch (GlueError e)
        {
            (status, body) = (e.Status, new JsonObject { ["__type"] = e.Code, ["Message"] = e.Message });
        }
#pragma warning disable CA1031 // a bug in the stand-in must answer 500, not leave the client waiting
        catch (Exception e)
#pragma warning restore CA1031
        {
            (status, body) = (500, new JsonObject { ["__type"] = "InternalServiceException", ["Message"] = "stand-in failure: " + e });
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private (int Status, JsonNode Body) Handle(HttpListenerRequest request)
    {
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/")
        {
            throw new GlueError(404, "UnknownOperationException", $"{request.HttpMethod} {request.Url?.AbsolutePath} is not POST /");
        }

        if (request.ContentType != "application/x-amz-json-1.1")
        {
            throw new GlueError(400, "SerializationException", $"Content-Type must be application/x-amz-json-1.1, got {request.ContentType}");
        }

        var target = request.Headers["X-Amz-Target"] ?? string.Empty;
        var model = GlueModel.Value;
        var prefix = model.TargetPrefix + ".";
        var operation = target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : string.Empty;
        if (operation.Length == 0 || !model.HasOperation(operation))
        {
            throw new GlueError(400, "UnknownOperationException", $"Unknown X-Amz-Target {target}");
        }

        var authorization = request.Headers["Authorization"] ?? string.Empty;
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal)
            || !authorization.Contains("/glue/aws4_request", StringComparison.Ordinal)
            || !authorization.Contains("SignedHeaders=", StringComparison.Ordinal)
            || !authorization.Contains("Signature=", StringComparison.Ordinal)
            || string.IsNullOrEmpty(request.Headers["X-Amz-Date"]))
        {
            throw new GlueError(403, "IncompleteSignatureException", $"{operation}: no SigV4 signature for service glue (Authorization: {authorization})");
        }

        lock (_gate)
        {
            _operations.Add(operation);
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        JsonNode input;
        try
        {
            input = JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new GlueError(400, "SerializationException", $"{operation}: body is not JSON: {e.Message}");
        }

        if (model.InputShape(operation) is { } inputShape)
        {
            using var document = JsonDocument.Parse(input.ToJsonString());
            var errors = model.Validate(inputShape, document.RootElement);
            if (errors.Count > 0)
            {
                lock (_gate)
                {
                    _requestErrors.AddRange(errors.Select(e => $"{operation}: {e}"));
                }

                throw new GlueError(400, "InvalidInputException", $"{operation}: {string.Join("; ", errors)}");
            }
        }

        JsonObject output;
        lock (_gate)
        {
            output = Dispatch(operation, input.AsObject());
        }

        if (model.OutputShape(operation) is { } outputShape)
        {
            using var document = JsonDocument.Parse(output.ToJsonString());
            var errors = model.Validate(outputShape, document.RootElement);
            lock (_gate)
            {
                _responseErrors.AddRange(errors.Select(e => $"{operation} response: {e}"));
            }
        }

        return (200, output);
    }

    private JsonObject Dispatch(string operation, JsonObject input)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m;
        switch (operation)
        {
            case "CreateDatabase":
            {
                var database = Clone(input["DatabaseInput"]);
                var name = (string)database["Name"]!;
                if (_databases.ContainsKey(name))
                {
                    throw new GlueError(400, "AlreadyExistsException", $"Database {name} already exists.");
                }

                database["CreateTime"] = now;
                database["CatalogId"] = CatalogId;
                _databases[name] = new DatabaseEntry(database);
                return [];
            }

            case "GetDatabase":
                return new JsonObject { ["Database"] = Clone(Database((string)input["Name"]!).Definition) };

            case "CreateTable":
            {
                var database = Database((string)input["DatabaseName"]!);
                var table = Clone(input["TableInput"]);
                var name = (string)table["Name"]!;
                if (database.Tables.ContainsKey(name))
                {
                    throw new GlueError(400, "AlreadyExistsException", "Table already exists.");
                }

                table["DatabaseName"] = (string)input["DatabaseName"]!;
                table["CreateTime"] = now;
                table["UpdateTime"] = now;
                table["CatalogId"] = CatalogId;
                table["VersionId"] = "0";
                table["IsRegisteredWithLakeFormation"] = false;
                database.Tables[name] = new TableEntry(table);
                return [];
            }

            case "UpdateTable":
            {
                var database = Database((string)input["DatabaseName"]!);
                var table = Clone(input["TableInput"] ?? throw new GlueError(400, "InvalidInputException", "TableInput is required."));
                var name = (string)table["Name"]!;
                var existing = Table(database, (string)input["DatabaseName"]!, name);
                var current = (string)existing.Definition["VersionId"]!;
                if (input["VersionId"] is { } expected && (string)expected! != current)
                {
                    // Glue's optimistic concurrency: an update based on another version of the table is refused.
                    throw new GlueError(400, "ConcurrentModificationException", $"Update table failed due to concurrent modifications: version {(string)expected!} is not the current version {current}.");
                }

                table["DatabaseName"] = (string)input["DatabaseName"]!;
                table["CreateTime"] = existing.Definition["CreateTime"]!.DeepClone();
                table["UpdateTime"] = now;
                table["CatalogId"] = CatalogId;
                table["VersionId"] = (int.Parse((string)existing.Definition["VersionId"]!, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                table["IsRegisteredWithLakeFormation"] = false;
                existing.Definition = table;
                return [];
            }

            case "GetTable":
            {
                var databaseName = (string)input["DatabaseName"]!;
                return new JsonObject { ["Table"] = Clone(Table(Database(databaseName), databaseName, (string)input["Name"]!).Definition) };
            }

            case "DeleteTable":
            {
                var databaseName = (string)input["DatabaseName"]!;
                var database = Database(databaseName);
                var name = (string)input["Name"]!;
                _ = Table(database, databaseName, name);
                database.Tables.Remove(name);
                return [];
            }

            case "CreatePartition":
            {
                var (table, databaseName, tableName) = TableOf(input);
                AddPartition(table, databaseName, tableName, Clone(input["PartitionInput"]), now);
                return [];
            }

            case "BatchCreatePartition":
            {
                var (table, databaseName, tableName) = TableOf(input);
                var errors = new JsonArray();
                foreach (var item in input["PartitionInputList"]!.AsArray())
                {
                    var partition = Clone(item);
                    try
                    {
                        AddPartition(table, databaseName, tableName, partition, now);
                    }
                    catch (GlueError e)
                    {
                        errors.Add(new JsonObject
                        {
                            ["PartitionValues"] = partition["Values"]?.DeepClone() ?? new JsonArray(),
                            ["ErrorDetail"] = new JsonObject { ["ErrorCode"] = e.Code, ["ErrorMessage"] = e.Message },
                        });
                    }
                }

                return errors.Count == 0 ? [] : new JsonObject { ["Errors"] = errors };
            }

            case "GetPartition":
            {
                var (table, _, _) = TableOf(input);
                var key = PartitionKey(input["PartitionValues"]!.AsArray());
                return table.Partitions.TryGetValue(key, out var partition)
                    ? new JsonObject { ["Partition"] = Clone(partition) }
                    : throw new GlueError(400, "EntityNotFoundException", "Cannot find partition.");
            }

            case "GetPartitions":
            {
                var (table, _, _) = TableOf(input);
                if (input["Expression"] is not null)
                {
                    throw new GlueError(400, "InvalidInputException", "This stand-in does not evaluate partition expressions.");
                }

                var start = input["NextToken"] is { } token ? int.Parse((string)token!, CultureInfo.InvariantCulture) : 0;
                var size = Math.Min(PageSize, input["MaxResults"] is { } max ? (int)max : int.MaxValue);
                var all = table.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
                var page = new JsonArray([.. all.Skip(start).Take(size).Select(p => (JsonNode)Clone(p))]);
                var result = new JsonObject { ["Partitions"] = page };
                if (start + size < all.Count)
                {
                    result["NextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
                }

                return result;
            }

            default:
                throw new GlueError(400, "UnknownOperationException", $"The stand-in does not implement {operation}.");
        }
    }

    private static JsonObject Clone(JsonNode? node) => node?.DeepClone().AsObject() ?? throw new GlueError(400, "InvalidInputException", "A required structure is missing.");

    private static string PartitionKey(JsonArray values) => string.Join('\u0001', values.Select(v => (string)v!));

    private static void AddPartition(TableEntry table, string databaseName, string tableName, JsonObject partition, decimal now)
    {
        var values = partition["Values"]?.AsArray() ?? throw new GlueError(400, "InvalidInputException", "Partition values are required.");
        var keys = table.Definition["PartitionKeys"]?.AsArray().Count ?? 0;
        if (values.Count != keys)
        {
            throw new GlueError(400, "InvalidInputException", $"The number of partition keys ({keys}) does not match the number of partition values ({values.Count}).");
        }

        var key = PartitionKey(values);
        if (table.Partitions.ContainsKey(key))
        {
            throw new GlueError(400, "AlreadyExistsException", "Partition already exists.");
        }

        partition["DatabaseName"] = databaseName;
        partition["TableName"] = tableName;
        partition["CreationTime"] = now;
        partition["CatalogId"] = CatalogId;
        table.Partitions[key] = partition;
    }

    private DatabaseEntry Database(string name) =>
        _databases.TryGetValue(name, out var database)
            ? database
            : throw new GlueError(400, "EntityNotFoundException", $"Database {name} not found.");

    private static TableEntry Table(DatabaseEntry database, string databaseName, string name) =>
        database.Tables.TryGetValue(name, out var table)
            ? table
            : throw new GlueError(400, "EntityNotFoundException", $"Table {name} not found in database {databaseName}.");

    private (TableEntry Table, string DatabaseName, string TableName) TableOf(JsonObject input)
    {
        var databaseName = (string)input["DatabaseName"]!;
        var tableName = (string)input["TableName"]!;
        return (Table(Database(databaseName), databaseName, tableName), databaseName, tableName);
    }

    private sealed class DatabaseEntry(JsonObject definition)
    {
        public JsonObject Definition { get; } = definition;

        public Dictionary<string, TableEntry> Tables { get; } = new(StringComparer.Ordinal);
    }

    private sealed class TableEntry(JsonObject definition)
    {
        public JsonObject Definition { get; set; } = definition;

        public Dictionary<string, JsonObject> Partitions { get; } = new(StringComparer.Ordinal);
    }

    private sealed class GlueError(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;

        public string Code { get; } = code;
    }
}
