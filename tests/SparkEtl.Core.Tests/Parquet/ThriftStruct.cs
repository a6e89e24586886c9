using System.Text;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>A decoded Thrift struct: field id to value (bool, long, double, byte[], list, or nested struct).</summary>
internal sealed class ThriftStruct(Dictionary<short, object> fields)
{
    public IReadOnlyDictionary<short, object> Fields => fields;

    public bool Has(short id) => fields.ContainsKey(id);

    public long Int(short id) => (long)fields[id];

    public bool Bool(short id) => (bool)fields[id];

    public byte[] Binary(short id) => (byte[])fields[id];

    public string String(short id) => Encoding.UTF8.GetString(Binary(id));

    public ThriftStruct Struct(short id) => (ThriftStruct)fields[id];

    public IReadOnlyList<object> List(short id) => (List<object>)fields[id];

    public IReadOnlyList<ThriftStruct> Structs(short id) => List(id).Cast<ThriftStruct>().ToList();
}
