namespace SparkEtl.Core.Decoding;

/// <summary>Limits and sizes of a <see cref="RecordDecoder"/>. Invalid values make the decoder's constructor throw a <see cref="ConfigurationException"/>.</summary>
public sealed record DecoderOptions
{
    /// <summary>
    /// The most bytes one gzip payload may inflate to: the record's data, or each KPL sub-record's
    /// data on its own. Data that inflates past it fails as <c>record-too-large</c> after at most this
    /// many bytes were inflated (a gzip-bomb guard). Default 10 MiB; 1 to 2,147,483,590.
    /// </summary>
    public int MaxDecompressedBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most distinct values each intern pool keeps (ticker symbols, sectors, log groups). Values
    /// past it are still decoded, as fresh strings. Default 4096; 0 or more.
    /// </summary>
    public int MaxInternedValues { get; init; } = 4096;

    /// <summary>
    /// How far an event time may lie after the arrival time of the record that carried it, in milliseconds
    /// (<c>event.maxFutureSkew</c>): a later one, or one outside 1970-01-01..9999-12-31T23:59:59.999Z, is an
    /// <c>event-time-out-of-range</c> error, so one bad clock cannot move a watermark into the future or make a
    /// partition. Default 15 minutes (<see cref="Transform.TickerTransform.DefaultMaxFutureSkewMs"/>); 0 or more.
    /// </summary>
    public long MaxFutureSkewMs { get; init; } = Transform.TickerTransform.DefaultMaxFutureSkewMs;
}
