namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The 4-bit type ids of the Thrift compact protocol (thrift doc/specs/thrift-compact-protocol.md). In a
/// field header a boolean's value is its type (<see cref="BooleanTrue"/> or <see cref="BooleanFalse"/>).
/// </summary>
internal enum ThriftCompactType : byte
{
    Stop = 0,
    BooleanTrue = 1,
    BooleanFalse = 2,
    I8 = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}
