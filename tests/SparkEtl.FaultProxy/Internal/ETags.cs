namespace SparkEtl.FaultProxy.Internal;

/// <summary>Entity-tag comparison for <c>If-Match</c> (RFC 9110 §13.1.1): a list of tags or <c>*</c>; quotes and <c>W/</c> do not count.</summary>
internal static class ETags
{
    public static bool AnyMatches(string ifMatch, string? current)
    {
        if (current is null)
        {
            return false;
        }

        var wanted = Normalize(current);
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || Normalize(candidate) == wanted)
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string tag)
    {
        tag = tag.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return tag.Trim('"');
    }
}
