using System.Buffers.Binary;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>
/// The structure of a Parquet file as laid out on disk: the footer (FileMetaData) and, for every column
/// chunk, the page headers found by walking from the chunk's first page. Field ids are parquet.thrift's.
/// </summary>
internal sealed class ParquetFileLayout
{
    private ParquetFileLayout(ThriftStruct footer, IReadOnlyList<IReadOnlyList<ChunkLayout>> rowGroups)
    {
        Footer = footer;
        RowGroups = rowGroups;
    }

    public ThriftStruct Footer { get; }

    /// <summary>Per row group, per column: the chunk's metadata and its pages in file order.</summary>
    public IReadOnlyList<IReadOnlyList<ChunkLayout>> RowGroups { get; }

    public static ParquetFileLayout Read(byte[] file)
    {
        Assert.True(file.AsSpan(0, 4).SequenceEqual("PAR1"u8), "The file does not start with PAR1.");
        Assert.True(file.AsSpan(file.Length - 4).SequenceEqual("PAR1"u8), "The file does not end with PAR1.");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var reader = new ThriftCompactReader(file.AsSpan(footerStart, footerLength));
        var footer = reader.ReadStruct();
        Assert.Equal(footerLength, reader.Position);

        var rowGroups = new List<IReadOnlyList<ChunkLayout>>();
        foreach (var rowGroup in footer.Structs(4))
        {
            var chunks = new List<ChunkLayout>();
            foreach (var chunk in rowGroup.Structs(1))
            {
                var metadata = chunk.Struct(3);
                var start = metadata.Has(11) ? metadata.Int(11) : metadata.Int(9);
                var end = start + metadata.Int(7);
                var pages = new List<PageLayout>();
                for (var position = start; position < end;)
                {
                    var pageReader = new ThriftCompactReader(file, checked((int)position));
                    var header = pageReader.ReadStruct();
                    pages.Add(new PageLayout(position, header));
                    position = pageReader.Position + header.Int(3);
                }

                Assert.True(pages.Count > 0);
                chunks.Add(new ChunkLayout(metadata, pages));
            }

            rowGroups.Add(chunks);
        }

        return new ParquetFileLayout(footer, rowGroups);
    }

    public sealed record ChunkLayout(ThriftStruct Metadata, IReadOnlyList<PageLayout> Pages)
    {
        public IEnumerable<PageLayout> DataPages => Pages.Where(p => p.Header.Int(1) == 0);
    }

    public sealed record PageLayout(long Offset, ThriftStruct Header);
}
