namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Parquet's value and level encodings (parquet.thrift enum Encoding, Encodings.md); the writer uses these.</summary>
internal enum ParquetEncoding
{
    /// <summary>Values back to back: 8 bytes little-endian for INT64 and DOUBLE, a 4-byte length then the bytes for BYTE_ARRAY.</summary>
    Plain = 0,

    /// <summary>The RLE/bit-packing hybrid, used for definition levels.</summary>
    Rle = 3,

    /// <summary>Dictionary indices: one bit-width byte, then the indices in the RLE/bit-packing hybrid.</summary>
    RleDictionary = 8,
}
