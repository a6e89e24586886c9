namespace SparkEtl.Core;

/// <summary>
/// The one base of SparkEtl's own exceptions. Exceptions are for broken machinery and
/// misconfiguration; bad records are values (<see cref="Transform.ErrorRecord"/>), never exceptions.
/// </summary>
public class SparkEtlException : Exception
{
    public SparkEtlException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when the same operation may succeed if tried again; retries happen only then.</summary>
    public bool IsTransient { get; }
}
