namespace SparkEtl.Core.Parquet.Internal;

/// <summary>One entry of ColumnMetaData.encoding_stats: how many pages of a type use an encoding.</summary>
internal sealed record PageEncodingCount(PageType PageType, ParquetEncoding Encoding, int Count);
