using System.Globalization;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// A position in a sequential source (a file, the demo): how many records were read, and where the
/// next one starts in the file (0 where seeking by bytes means nothing). Its token is <c>count@byte</c>.
/// </summary>
public readonly record struct SequentialPosition(long Count, long ByteOffset)
{
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{Count}@{ByteOffset}");

    public static SequentialPosition Parse(string token, string where)
    {
        var at = token.IndexOf('@', StringComparison.Ordinal);
        if (at > 0
            && long.TryParse(token.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && long.TryParse(token.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            return new SequentialPosition(count, bytes);
        }

        throw new FormatException($"A sequential source position is count@byte, got \"{token}\" in {where}.");
    }
}
