namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Parquet's page types (parquet.thrift enum PageType); the writer uses these.</summary>
internal enum PageType
{
    DataPage = 0,
    DictionaryPage = 2,
}
