namespace SparkEtl.Status.Tests;

/// <summary>One sample line of a Prometheus exposition: name, labels, value, and the family it belongs to.</summary>
public sealed record PrometheusSample(string Name, SortedDictionary<string, string> Labels, double Value, string Family)
{
    /// <summary>The series' identity: name and sorted labels.</summary>
    public string Series => Name + "{" + string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    /// <summary>The identity without one label (a histogram bucket's <c>le</c>), with the family name in place of the sample's.</summary>
    public string SeriesWithout(string label) =>
        Family + "{" + string.Join(",", Labels.Where(l => l.Key != label).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
