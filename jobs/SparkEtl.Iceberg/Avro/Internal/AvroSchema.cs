using System.Text.Json;

namespace SparkEtl.Iceberg.Avro.Internal;

/// <summary>
/// A writer's schema, parsed from its JSON, that decodes objects generically: primitives, records, enums, arrays,
/// maps, unions and fixed, with named types referenced by (full) name.
/// </summary>
internal abstract class AvroSchema
{
    public static AvroSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, new Dictionary<string, AvroSchema>(StringComparer.Ordinal), null);
    }

    public abstract object? Read(AvroDecoder decoder);

    private static AvroSchema Parse(JsonElement element, Dictionary<string, AvroSchema> named, string? space)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Primitive(element.GetString()!, named, space);
            case JsonValueKind.Array:
                return new Union([.. element.EnumerateArray().Select(e => Parse(e, named, space))]);
            case JsonValueKind.Object:
                break;
            default:
                throw new InvalidDataException($"An Avro schema cannot be {element.ValueKind}.");
        }

        var type = element.GetProperty("type");
        if (type.ValueKind != JsonValueKind.String)
        {
            return Parse(type, named, space);
        }

        switch (type.GetString())
        {
            case "record" or "error":
            {
                var (fullName, innerSpace) = FullName(element, space);
                var record = new Record();
                named[fullName] = record;
                foreach (var field in element.GetProperty("fields").EnumerateArray())
                {
                    record.Fields.Add((field.GetProperty("name").GetString()!, Parse(field.GetProperty("type"), named, innerSpace)));
                }

                return record;
            }

            case "enum":
            {
                var (fullName, _) = FullName(element, space);
                var symbols = new Enumeration([.. element.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!)]);
                named[fullName] = symbols;
                return symbols;
            }

            case "fixed":
            {
                var (fullName, _) = FullName(element, space);
                var fixedType = new Fixed(element.GetProperty("size").GetInt32());
                named[fullName] = fixedType;
                return fixedType;
            }

            case "array":
                return new ArrayOf(Parse(element.GetProperty("items"), named, space));
            case "map":
                return new MapOf(Parse(element.GetProperty("values"), named, space));
            default:
                // A primitive with attributes (logicalType and the like): the encoding is the primitive's.
                return Primitive(type.GetString()!, named, space);
        }
    }

    private static (string FullName, string? Space) FullName(JsonElement element, string? space)
    {
        var name = element.GetProperty("name").GetString()!;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return (name, name[..name.LastIndexOf('.')]);
        }

        var ns = element.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : space;
        return (string.IsNullOrEmpty(ns) ? name : ns + "." + name, ns);
    }

    private static AvroSchema Primitive(string name, Dictionary<string, AvroSchema> named, string? space) => name switch
    {
        "null" => new Leaf(_ => null),
        "boolean" => new Leaf(d => d.ReadBoolean()),
        "int" => new Leaf(d => d.ReadInt()),
        "long" => new Leaf(d => d.ReadLong()),
        "float" => new Leaf(d => d.ReadFloat()),
        "double" => new Leaf(d => d.ReadDouble()),
        "bytes" => new Leaf(d => d.ReadBytes().ToArray()),
        "string" => new Leaf(d => d.ReadString()),
        _ => named.TryGetValue(name, out var type) || (space is not null && named.TryGetValue(space + "." + name, out type))
            ? new Reference(type)
            : throw new InvalidDataException($"The Avro schema refers to \"{name}\", which is neither a primitive nor a type defined before it."),
    };

    private static IEnumerable<object?> ReadBlocks(AvroDecoder decoder, Func<object?> item)
    {
        var items = new List<object?>();
        for (var count = decoder.ReadLong(); count != 0; count = decoder.ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                decoder.ReadLong(); // block size in bytes
            }

            for (var i = 0; i < count; i++)
            {
                items.Add(item());
            }
        }

        return items;
    }

    private sealed class Leaf(Func<AvroDecoder, object?> read) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder) => read(decoder);
    }

    private sealed class Reference(AvroSchema target) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder) => target.Read(decoder);
    }

    private sealed class Record : AvroSchema
    {
        public List<(string Name, AvroSchema Type)> Fields { get; } = [];

        public override object? Read(AvroDecoder decoder)
        {
            var values = new Dictionary<string, object?>(Fields.Count, StringComparer.Ordinal);
            foreach (var (name, type) in Fields)
            {
                values[name] = type.Read(decoder);
            }

            return new AvroRecord(values);
        }
    }

    private sealed class Enumeration(string[] symbols) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder)
        {
            var index = decoder.ReadInt();
            return (uint)index < (uint)symbols.Length ? symbols[index] : throw new InvalidDataException($"Avro enum index {index} is out of range.");
        }
    }

    private sealed class Fixed(int size) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder) => decoder.ReadFixed(size).ToArray();
    }

    private sealed class ArrayOf(AvroSchema items) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder) => ReadBlocks(decoder, () => items.Read(decoder)).ToList();
    }

    private sealed class MapOf(AvroSchema values) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder)
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in ReadBlocks(decoder, () => (decoder.ReadString(), values.Read(decoder))))
            {
                var (key, value) = ((string, object?))pair!;
                map[key] = value;
            }

            return map;
        }
    }

    private sealed class Union(AvroSchema[] branches) : AvroSchema
    {
        public override object? Read(AvroDecoder decoder)
        {
            var index = decoder.ReadInt();
            return (uint)index < (uint)branches.Length ? branches[index].Read(decoder) : throw new InvalidDataException($"Avro union branch {index} is out of range.");
        }
    }
}
