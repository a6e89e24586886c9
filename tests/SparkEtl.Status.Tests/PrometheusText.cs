using System.Globalization;
using System.Text.RegularExpressions;

namespace SparkEtl.Status.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a HELP, a TYPE, another
/// comment or a sample, whose value is a decimal float or one of the special values Go's ParseFloat reads (the format
/// defers to it: <c>+Inf</c>, <c>Infinity</c>, <c>NaN</c>, any case); every sample belongs to a family whose TYPE came first; label values are quoted with only the
/// format's escapes; no series appears twice; histogram buckets are cumulative, end at +Inf and match _count.
/// Anything else fails the test with the line it is on.
/// </summary>
public sealed partial class PrometheusText
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _help = new(StringComparer.Ordinal);
    private readonly List<PrometheusSample> _samples = [];

    private PrometheusText()
    {
    }

    public IReadOnlyDictionary<string, string> Types => _types;

    public IReadOnlyDictionary<string, string> Help => _help;

    public IReadOnlyList<PrometheusSample> Samples => _samples;

    public static PrometheusText Parse(string text)
    {
        Assert.True(text.EndsWith('\n'), "The exposition must end with a line feed.");
        Assert.DoesNotContain('\r', text);
        var result = new PrometheusText();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                result.ReadComment(line, number);
                continue;
            }

            var sample = ReadSample(line, number);
            var family = result.FamilyOf(sample.Name)
                ?? throw new Xunit.Sdk.XunitException($"line {number}: sample {sample.Name} has no TYPE before it: {line}");
            Assert.True(seen.Add(sample.Series), $"line {number}: the series {sample.Series} appears twice");
            if (result._types[family] == "counter")
            {
                Assert.True(sample.Value >= 0, $"line {number}: a counter is negative: {line}");
            }

            result._samples.Add(sample with { Family = family });
        }

        result.CheckHistograms();
        return result;
    }

    /// <summary>The value of the one sample with this name and exactly these labels.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = _samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).ToList();
        Assert.True(matches.Count == 1, $"Expected one sample {name}{{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}}, found {matches.Count}.");
        return matches[0].Value;
    }

    /// <summary>The samples of a name, by the value of one label.</summary>
    public IReadOnlyDictionary<string, double> ByLabel(string name, string label) =>
        _samples.Where(s => s.Name == name).ToDictionary(s => s.Labels[label], s => s.Value, StringComparer.Ordinal);

    private string? FamilyOf(string sampleName)
    {
        if (_types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = sampleName[..^suffix.Length];
                if (_types.GetValueOrDefault(family) is "histogram" or "summary")
                {
                    return family;
                }
            }
        }

        return null;
    }

    private void ReadComment(string line, int number)
    {
        var help = HelpLine().Match(line);
        if (help.Success)
        {
            Assert.True(_help.TryAdd(help.Groups[1].Value, help.Groups[2].Value), $"line {number}: a second HELP for {help.Groups[1].Value}");
            return;
        }

        var type = TypeLine().Match(line);
        if (type.Success)
        {
            Assert.True(_types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"line {number}: a second TYPE for {type.Groups[1].Value}");
            Assert.True(_samples.All(s => s.Family != type.Groups[1].Value), $"line {number}: TYPE after samples of {type.Groups[1].Value}");
            return;
        }

        Assert.False(line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal), $"line {number}: malformed HELP or TYPE: {line}");
    }

    private static PrometheusSample ReadSample(string line, int number)
    {
        var match = SampleLine().Match(line);
        Assert.True(match.Success, $"line {number}: not a sample: {line}");
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (match.Groups["labels"].Success)
        {
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                var value = Regex.Replace(label.Groups[2].Value, @"\\(.)", m => m.Groups[1].Value == "n" ? "\n" : m.Groups[1].Value);
                Assert.True(labels.TryAdd(label.Groups[1].Value, value), $"line {number}: label {label.Groups[1].Value} twice");
            }
        }

        var text = match.Groups["value"].Value;
        var special = text.TrimStart('+', '-').ToUpperInvariant();
        var parsed = special switch
        {
            "INF" or "INFINITY" => text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity,
            "NAN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        var name = match.Groups["name"].Value;
        return new PrometheusSample(name, labels, parsed, "");
    }

    private void CheckHistograms()
    {
        foreach (var (family, _) in _types.Where(t => t.Value == "histogram"))
        {
            var buckets = _samples.Where(s => s.Name == family + "_bucket").GroupBy(s => s.SeriesWithout("le"), StringComparer.Ordinal);
            foreach (var series in buckets)
            {
                var ordered = series.Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value)).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    Assert.True(ordered[i].Le > ordered[i - 1].Le, $"{family}: bucket bounds out of order in {series.Key}");
                    Assert.True(ordered[i].Value >= ordered[i - 1].Value, $"{family}: buckets not cumulative in {series.Key}");
                }

                Assert.True(double.IsPositiveInfinity(ordered[^1].Le), $"{family}: no +Inf bucket in {series.Key}");
                var count = _samples.Single(s => s.Name == family + "_count" && s.SeriesWithout("le") == series.Key);
                Assert.Equal(count.Value, ordered[^1].Value);
            }
        }
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*"")*,?)?\})? (?<value>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?i:inf|infinity|nan))(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\[\\""n])*)""")]
    private static partial Regex LabelPair();
}
