namespace SparkEtl.Core.Decoding.Internal;

/// <summary>Which escapes a log message holds as it stands in its envelope (<see cref="PlainEnvelopeScanner.ReadEvent"/>).</summary>
internal enum MessageEscapes
{
    /// <summary>None: the message is its text.</summary>
    None,

    /// <summary>
    /// Only <c>\"</c>, <c>\t</c>, <c>\n</c> and <c>\r</c>, as in a JSON object logged after a tab-separated prefix: a
    /// backslash always starts an escape, and the object can be read where it stands.
    /// </summary>
    QuotesAndWhitespace,

    /// <summary>Also <c>\\</c>, <c>\/</c>, <c>\b</c> or <c>\f</c>: the text is read unescaped.</summary>
    Short,
}
