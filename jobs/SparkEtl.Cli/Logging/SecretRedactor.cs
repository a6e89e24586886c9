namespace SparkEtl.Cli.Logging;

/// <summary>
/// Replaces the AWS secrets of the environment (secret key, session token, access key id) wherever they would appear
/// in what the command writes to standard error: a last guard, so that no message or stack trace ever carries one.
/// </summary>
internal sealed class SecretRedactor
{
    /// <summary>The variables whose values are secret.</summary>
    public static readonly string[] Variables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ACCESS_KEY_ID"];

    private const string Mask = "***";

    // Shorter values (test stand-ins' dummy keys) are words that could occur in any message; real keys are 16 and more.
    private const int MinimumLength = 8;

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        _secrets = [.. secrets.OfType<string>().Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>The secrets of this process's environment.</summary>
    public static SecretRedactor FromEnvironment() => new(Variables.Select(Environment.GetEnvironmentVariable));

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
