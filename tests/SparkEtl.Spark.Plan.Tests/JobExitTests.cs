using SparkEtl.Core;

namespace SparkEtl.Spark.Plan.Tests;

public class JobExitTests
{
    [Fact]
    public void BadConfiguration_IsExitTwoWithTheSettingsMessage()
    {
        var e = new ConfigurationException("trigger", "available-now", "once or interval:DURATION");

        Assert.Equal(2, JobExit.CodeOf(e));
        Assert.Equal(e.Message, JobExit.Describe(e));
    }

    [Fact]
    public void AFailedBatch_IsExitOneWithWhatFailedAndWhereOnOneLine()
    {
        var e = new SparkEtlException("Batch 3 failed while writing the trades and errors files on the executors (warehouse s3://b/data, checkpoint s3://b/data/_checkpoint)",
            innerException: new IOException("No space left on device\n   at System.IO.RandomAccess.WriteAtOffset(...)"));

        Assert.Equal(1, JobExit.CodeOf(e));
        Assert.Equal("Batch 3 failed while writing the trades and errors files on the executors (warehouse s3://b/data, checkpoint s3://b/data/_checkpoint): IOException: No space left on device",
            JobExit.Describe(e));
    }

    [Fact]
    public void AJvmStyleMessage_KeepsItsFirstLine_AndARepeatedMessageIsSaidOnce()
    {
        var inner = new InvalidOperationException("boom");
        var e = new InvalidOperationException("org.apache.spark.sql.streaming.StreamingQueryException: boom\n\tat org.apache.spark...", inner);

        var line = JobExit.Describe(e);

        Assert.Equal("InvalidOperationException: org.apache.spark.sql.streaming.StreamingQueryException: boom", line);
        Assert.DoesNotContain('\n', line);
    }
}
