using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Scripts.Tests;

public class CreateEmrClusterTests
{
    [Fact]
    public async Task PrintedCommand_SendsAValidRunJobFlowWithTheReleaseBootstrapRolesAndGlueMetastore()
    {
        var line = Assert.Single(await Script.DryRunAsync("create-emr-cluster.sh",
            ["--artifacts", "s3://example-artifacts/sparketl", "--log-uri", "s3://example-logs/emr/", "--region", "us-east-1", "--subnet-id", "subnet-0abc1234"]));
        using var emr = new EmrApiCapture();

        (await emr.RunAsync(line)).EnsureSuccess("aws emr create-cluster");

        var request = emr.Request("RunJobFlow");
        var model = AwsServiceModel.Load("emr", "2009-03-31");
        Assert.Empty(model.Validate(model.InputShape("RunJobFlow")!, request));
        Assert.Equal("emr-7.7.0", request.GetProperty("ReleaseLabel").GetString());
        Assert.Equal("Spark", Assert.Single(request.GetProperty("Applications").EnumerateArray()).GetProperty("Name").GetString());
        Assert.Equal(("EMR_DefaultRole", "sparketl-emr-job"), (request.GetProperty("ServiceRole").GetString(), request.GetProperty("JobFlowRole").GetString()));
        Assert.Equal("subnet-0abc1234", request.GetProperty("Instances").GetProperty("Ec2SubnetId").GetString());
        var bootstrap = Assert.Single(request.GetProperty("BootstrapActions").EnumerateArray()).GetProperty("ScriptBootstrapAction");
        Assert.Equal("s3://example-artifacts/sparketl/bootstrap-emr-worker.sh", bootstrap.GetProperty("Path").GetString());
        Assert.Equal(["s3://example-artifacts/sparketl/Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz"], bootstrap.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
        var configurations = request.GetProperty("Configurations").EnumerateArray().ToDictionary(c => c.GetProperty("Classification").GetString()!, c => c.GetProperty("Properties"));
        Assert.Equal(["spark-hive-site", "iceberg-defaults"], configurations.Keys);
        Assert.Equal("com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
            configurations["spark-hive-site"].GetProperty("hive.metastore.client.factory.class").GetString());
        Assert.Equal("s3://example-logs/emr/", request.GetProperty("LogUri").GetString());
    }

    /// <summary>EMR installs its Iceberg (1.7.1 on emr-7.7.0) for Spark with this classification (EMR, "Use an Iceberg cluster with Spark").</summary>
    [Fact]
    public async Task PrintedCommand_EnablesIcebergForSpark()
    {
        var line = Assert.Single(await Script.DryRunAsync("create-emr-cluster.sh", ["--artifacts", "s3://example-artifacts/sparketl", "--log-uri", "s3://example-logs/emr/"]));
        using var emr = new EmrApiCapture();

        (await emr.RunAsync(line)).EnsureSuccess("aws emr create-cluster");

        var iceberg = Assert.Single(emr.Request("RunJobFlow").GetProperty("Configurations").EnumerateArray(), c => c.GetProperty("Classification").GetString() == "iceberg-defaults");
        Assert.Equal([("iceberg.enabled", "true")], iceberg.GetProperty("Properties").EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
    }

    [Fact]
    public async Task NotAnS3Uri_ExitsWith2()
    {
        var result = await Script.RunAsync("create-emr-cluster.sh", ["--dry-run", "--artifacts", "/tmp/artifacts", "--log-uri", "s3://example-logs/emr"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/tmp/artifacts", result.StandardError, StringComparison.Ordinal);
    }
}
