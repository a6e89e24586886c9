namespace SparkEtl.Core.Configuration;

/// <summary>The catalog the tables are registered in (<c>catalog.*</c>).</summary>
/// <param name="Mode">How tables and partitions are registered.</param>
/// <param name="ProjectionStartDay">With <see cref="CatalogMode.Projection"/>: the first <c>dt</c> Athena projects (<c>YYYY-MM-DD</c>); the range ends at NOW.</param>
public sealed record CatalogSettings(CatalogMode Mode, string ProjectionStartDay);
