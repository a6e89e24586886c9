namespace SparkEtl.Runner.Sources;

/// <summary>
/// A position in a <see cref="FileSet"/>: the file (its relative name) and the position within it; a null file is the
/// start, before the first file. Offsets carry it as <c>file</c> and <c>sequence</c> (<c>count@byte</c>), so a position
/// stays valid whatever files are added later.
/// </summary>
public readonly record struct FileSetPosition(string? File, SequentialPosition Within)
{
    /// <summary>Orders by file name (ordinal), then records read within the file.</summary>
    public int CompareTo(FileSetPosition other)
    {
        var byFile = string.CompareOrdinal(File ?? "", other.File ?? "");
        return byFile != 0 ? byFile : (File is null && other.File is null ? 0 : Within.Count.CompareTo(other.Within.Count));
    }
}
