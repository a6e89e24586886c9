using SparkEtl.Core.Storage;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// Checks a listing prefix against the object key rules (<see cref="ObjectKeys"/>): empty, a folder ending with '/'
/// (<c>trades/</c>), or a key-like path ending mid-segment (<c>offsets/00</c>).
/// </summary>
internal static class ListingPrefix
{
    public static void Validate(string prefix, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (prefix.Length == 0)
        {
            return;
        }

        var path = prefix[^1] == '/' ? prefix[..^1] : prefix;
        if (!ObjectKeys.IsValid(path))
        {
            throw new ArgumentException(
                $"A listing prefix must be empty or a relative '/'-separated path (optionally ending with '/') with no empty, '.' or '..' segments, backslashes or control characters; got \"{prefix}\".",
                parameterName);
        }
    }
}
