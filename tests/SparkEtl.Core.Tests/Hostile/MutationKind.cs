namespace SparkEtl.Core.Tests.Hostile;

/// <summary>How a <see cref="Mutation"/> damages a payload.</summary>
public enum MutationKind
{
    /// <summary>XOR one byte with a mask.</summary>
    Flip,

    /// <summary>Cut the payload short.</summary>
    Truncate,

    /// <summary>Insert a few bytes.</summary>
    Insert,

    /// <summary>Join the start of the payload to the end of another seed (a splice of valid parts).</summary>
    Splice,

    /// <summary>Repeat a section in place.</summary>
    Duplicate,

    /// <summary>Overwrite one byte with a byte that matters to a parser ('{', '"', '\\', 0, 0xff, …).</summary>
    Poke,
}
