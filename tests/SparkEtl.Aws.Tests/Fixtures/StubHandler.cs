using System.Net;
using System.Text;

namespace SparkEtl.Aws.Tests.Fixtures;

/// <summary>
/// An HTTP handler test double: answers each request with the next scripted response (or throws the next scripted
/// exception) and records what was sent, bodies included.
/// </summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public StubHandler Respond(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    public StubHandler Throw(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"No scripted response left for request {Requests.Count}.");
        }

        return _script.Dequeue()(request);
    }
}
