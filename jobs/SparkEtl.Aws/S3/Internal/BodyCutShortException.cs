namespace SparkEtl.Aws.S3.Internal;

/// <summary>
/// An answer whose headers arrived and whose body did not arrive whole: the GET is made again. Never leaves
/// <see cref="S3ObjectStore"/>; <see cref="Failure"/> is what the caller sees when the attempts run out.
/// </summary>
internal sealed class BodyCutShortException(AwsServiceException failure) : Exception(failure.Message, failure)
{
    public AwsServiceException Failure { get; } = failure;
}
