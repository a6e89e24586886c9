namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Parquet's repetition of a schema field (parquet.thrift enum FieldRepetitionType); no REPEATED fields here.</summary>
internal enum FieldRepetitionType
{
    Required = 0,
    Optional = 1,
}
