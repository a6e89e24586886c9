namespace SparkEtl.Core.Decoding.Internal;

/// <summary>What a step of <see cref="PlainEnvelopeScanner"/> found.</summary>
internal enum EnvelopeScan
{
    /// <summary>Something the scan does not know: the envelope is left to the reader.</summary>
    NotPlain,

    /// <summary>The part was read.</summary>
    Read,

    /// <summary>The envelope was read to its end.</summary>
    End,
}
