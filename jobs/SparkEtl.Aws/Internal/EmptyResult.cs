namespace SparkEtl.Aws.Internal;

/// <summary>The output of an operation that returns nothing (<c>{}</c>).</summary>
internal sealed class EmptyResult;
