namespace SparkEtl.Core;

/// <summary>
/// No AWS credentials were found, or AWS refused the ones found. Raised before any work starts, like a
/// <see cref="ConfigurationException"/> (exit code 2), but worded as what it is: credentials are not a setting.
/// The message never carries a key or a token.
/// </summary>
public sealed class AwsCredentialsException(string message, string? errorCode = null, Exception? innerException = null)
    : SparkEtlException(message, innerException: innerException)
{
    /// <summary>The service's error code (<c>InvalidAccessKeyId</c>, <c>UnrecognizedClientException</c>, …), or null when none were found.</summary>
    public string? ErrorCode { get; } = errorCode;
}
