using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SparkEtl.Iceberg.Avro.Internal;

namespace SparkEtl.Iceberg.Avro;

/// <summary>
/// Avro object container files (Avro 1.12 specification, "Object Container Files"): the magic <c>Obj\x01</c>, a
/// metadata map of bytes (<c>avro.schema</c>, <c>avro.codec</c> and the caller's keys), a 16-byte sync marker, then
/// blocks of (object count, byte size, objects, sync marker).
/// </summary>
/// <remarks>
/// Files are written with the <c>null</c> codec in one block, and the sync marker is the first 16 bytes of the
/// SHA-256 of the header and the objects, so the same content always gives the same file (golden tests, replays).
/// Reading accepts the <c>null</c> and <c>deflate</c> codecs and any number of blocks, as other writers (Iceberg's
/// Java library writes deflate) produce them.
/// </remarks>
public static class AvroContainerFile
{
    private static ReadOnlySpan<byte> Magic => "Obj\u0001"u8;

    /// <summary>Writes a container file holding <paramref name="objectCount"/> objects already encoded one after another in <paramref name="objects"/>.</summary>
    /// <param name="schemaJson">The writer's schema as JSON.</param>
    /// <param name="metadata">Extra header keys with their UTF-8 values, written in ordinal key order after the Avro keys.</param>
    /// <param name="objects">The encoded objects.</param>
    /// <param name="objectCount">How many objects <paramref name="objects"/> holds.</param>
    public static byte[] Write(string schemaJson, IReadOnlyDictionary<string, string> metadata, ReadOnlySpan<byte> objects, long objectCount)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegative(objectCount);
        var header = new AvroEncoder();
        header.WriteRaw(Magic);
        var entries = new List<KeyValuePair<string, string>>
        {
            new("avro.schema", schemaJson),
            new("avro.codec", "null"),
        };
        entries.AddRange(metadata.Where(e => !e.Key.StartsWith("avro.", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal));
        header.WriteBlockCount(entries.Count);
        foreach (var (key, value) in entries)
        {
            header.WriteString(key);
            header.WriteBytes(Encoding.UTF8.GetBytes(value));
        }

        header.WriteEndOfBlocks();

        Span<byte> digest = stackalloc byte[32];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(header.WrittenSpan);
            hash.AppendData(objects);
            hash.GetHashAndReset(digest);
        }

        var sync = digest[..16];
        var file = new AvroEncoder();
        file.WriteRaw(header.WrittenSpan);
        file.WriteRaw(sync);
        if (objectCount > 0)
        {
            file.WriteLong(objectCount);
            file.WriteLong(objects.Length);
            file.WriteRaw(objects);
            file.WriteRaw(sync);
        }

        return file.WrittenSpan.ToArray();
    }

    /// <summary>Reads a container file: its metadata and its objects decoded by the writer's schema.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a container file this reader understands; the message says where.</exception>
    public static AvroContainerContent Read(ReadOnlyMemory<byte> file, string description)
    {
        var decoder = new AvroDecoder(file, description);
        if (!file.Span.StartsWith(Magic))
        {
            throw new InvalidDataException($"{description} is not an Avro container file: it does not start with Obj\\x01.");
        }

        decoder.Skip(4);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var count = decoder.ReadLong(); count != 0; count = decoder.ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                decoder.ReadLong(); // block size in bytes
            }

            for (var i = 0; i < count; i++)
            {
                var key = decoder.ReadString();
                metadata[key] = Encoding.UTF8.GetString(decoder.ReadBytes().Span);
            }
        }

        if (!metadata.TryGetValue("avro.schema", out var schemaJson))
        {
            throw new InvalidDataException($"{description} has no avro.schema in its header.");
        }

        var codec = metadata.GetValueOrDefault("avro.codec", "null");
        if (codec is not ("null" or "deflate"))
        {
            throw new InvalidDataException($"{description} uses the Avro codec \"{codec}\"; only null and deflate are read.");
        }

        var schema = AvroSchema.Parse(schemaJson);
        var sync = decoder.ReadFixed(16);
        var objects = new List<object?>();
        while (!decoder.AtEnd)
        {
            var count = decoder.ReadLong();
            var size = checked((int)decoder.ReadLong());
            var block = decoder.ReadFixed(size);
            if (!decoder.ReadFixed(16).Span.SequenceEqual(sync.Span))
            {
                throw new InvalidDataException($"{description}: a block's sync marker does not match the header's (offset {decoder.Position - 16}).");
            }

            var data = codec == "deflate" ? Inflate(block) : block;
            var blockDecoder = new AvroDecoder(data, description);
            for (var i = 0; i < count; i++)
            {
                objects.Add(schema.Read(blockDecoder));
            }
        }

        return new AvroContainerContent(schemaJson, metadata, objects);
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> block)
    {
        // Avro's deflate codec is raw RFC 1951 data without a zlib header.
        using var input = new MemoryStream(block.ToArray(), writable: false);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }
}
