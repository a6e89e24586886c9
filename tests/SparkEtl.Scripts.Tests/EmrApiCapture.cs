using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>
/// A loopback stand-in for the EMR API that records what the real <c>aws</c> CLI sends: a printed command is run
/// against it, so the CLI's own parser turns the step or cluster JSON into the API request, which is then checked
/// against botocore's model of the EMR API.
/// </summary>
internal sealed class EmrApiCapture : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Operation, JsonElement Body)> _requests = [];
    private readonly Task _serving;

    public EmrApiCapture()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    /// <summary>The body of the last request for <paramref name="operation"/> (e.g. <c>AddJobFlowSteps</c>).</summary>
    public JsonElement Request(string operation)
    {
        lock (_requests)
        {
            return _requests.Last(r => r.Operation == operation).Body;
        }
    }

    /// <summary>
    /// Runs a printed command line with bash, adding the aws CLI's global <c>--endpoint-url</c> (the EMR customizations
    /// ignore AWS_ENDPOINT_URL_EMR in some regions) and throwaway credentials.
    /// </summary>
    public Task<ProcessResult> RunAsync(string commandLine) =>
        ChildProcess.RunAsync("bash", ["-c", $"{commandLine} --endpoint-url {Endpoint} --cli-connect-timeout 5"], environment: new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_EMR"] = Endpoint,
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "not-a-secret",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        }, timeout: TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.GetAwaiter().GetResult();
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

            var operation = (context.Request.Headers["X-Amz-Target"] ?? "").Split('.').Last();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add((operation, JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone()));
            }

            var answer = operation switch
            {
                "AddJobFlowSteps" => "{\"StepIds\":[\"s-0000000000001\"]}",
                "RunJobFlow" => "{\"JobFlowId\":\"j-0000000000001\"}",
                "DescribeCluster" => "{\"Cluster\":{\"Id\":\"j-0000000000001\",\"ReleaseLabel\":\"emr-7.7.0\"}}",
                _ => "{}",
            };
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
