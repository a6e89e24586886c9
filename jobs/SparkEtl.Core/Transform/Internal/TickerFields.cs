namespace SparkEtl.Core.Transform.Internal;

/// <summary>Where the four fields a ticker object may carry sit in its bytes, once the whole object has been read.</summary>
internal struct TickerFields
{
    public CapturedField Symbol;
    public CapturedField Sector;
    public CapturedField Price;
    public CapturedField EventTime;
}
