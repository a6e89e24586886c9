namespace SparkEtl.Core.Storage;

/// <summary>
/// The rule every object store applies to keys, so nothing is ever written outside a store's root:
/// relative, '/'-separated, no empty, <c>.</c> or <c>..</c> segments, no backslashes or control characters.
/// </summary>
public static class ObjectKeys
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a safe relative key.</summary>
    public static string Validate(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException(
                $"An object key must be a relative '/'-separated path with no empty, '.' or '..' segments, backslashes or control characters; got \"{key}\".",
                nameof(key));
        }

        return key;
    }

    /// <summary>True when <paramref name="key"/> is a safe relative key.</summary>
    public static bool IsValid(string key)
    {
        if (key.Length == 0 || key.Length > 1024)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c < 0x20 || c == '\\' || c == 0x7F)
            {
                return false;
            }
        }

        // Segment by segment without MemoryExtensions.Split (.NET 9+): the Spark job compiles this for net8.0.
        for (var rest = key.AsSpan(); ;)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.IsEmpty || segment is "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }
}
