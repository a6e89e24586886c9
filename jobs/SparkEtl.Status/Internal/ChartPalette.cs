namespace SparkEtl.Status.Internal;

/// <summary>The colours of series: distinct on screen and for the common forms of colour blindness, given in order.</summary>
internal static class ChartPalette
{
    private static readonly string[] Colors =
        ["#2f6fb3", "#e07b1f", "#3a9b5c", "#c8443c", "#7d5ba6", "#1f9aa6", "#b5893a", "#d35f9b", "#6b7a8f", "#8aa635"];

    /// <summary>The colour of the series at <paramref name="index"/> (wraps around after ten).</summary>
    public static string At(int index) => Colors[index % Colors.Length];

    /// <summary>A colour per name, in the order given, so the same shard or table keeps its colour on every chart.</summary>
    public static IReadOnlyDictionary<string, string> For(IEnumerable<string> names)
    {
        var colors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            colors.TryAdd(name, At(colors.Count));
        }

        return colors;
    }
}
