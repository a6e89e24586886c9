using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

public class PackageAndBootstrapTests
{
    private const string Jar = "microsoft-spark-3-5_2.12-2.3.1.jar";
    private const string Worker = "Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz";

    [Fact]
    public async Task PackageEmr_DryRun_PublishesForLinuxStagesFourFilesAndUploadsThem()
    {
        var root = RepositoryPaths.Root;
        var lines = await Script.DryRunAsync("package-emr.sh", ["--out", "/tmp/stage", "--s3-prefix", "s3://example-artifacts/sparketl/"]);

        Assert.Equal(
        [
            "rm -rf /tmp/stage/publish",
            $"dotnet publish {root}/jobs/SparkEtl.Spark/SparkEtl.Spark.csproj -c Release -r linux-x64 --self-contained true --nologo -o /tmp/stage/publish",
            "mkdir -p /tmp/stage/publish/conf",
            $"cp {root}/conf/emr.json /tmp/stage/publish/conf/emr.json",
            "rm -f /tmp/stage/sparketl-spark.zip",
            "(cd /tmp/stage/publish && zip -qr /tmp/stage/sparketl-spark.zip .)",
            $"cp /tmp/stage/publish/{Jar} /tmp/stage/{Jar}",
            $"curl -fsSL -o /tmp/stage/{Worker} https://github.com/dotnet/spark/releases/download/v2.3.1/{Worker}",
            $"cp {root}/scripts/bootstrap-emr-worker.sh /tmp/stage/bootstrap-emr-worker.sh",
            "aws s3 cp --only-show-errors /tmp/stage/sparketl-spark.zip s3://example-artifacts/sparketl/sparketl-spark.zip",
            $"aws s3 cp --only-show-errors /tmp/stage/{Jar} s3://example-artifacts/sparketl/{Jar}",
            $"aws s3 cp --only-show-errors /tmp/stage/{Worker} s3://example-artifacts/sparketl/{Worker}",
            "aws s3 cp --only-show-errors /tmp/stage/bootstrap-emr-worker.sh s3://example-artifacts/sparketl/bootstrap-emr-worker.sh",
        ], lines);
    }

    [Fact]
    public async Task PackageEmr_LocalWorkerTarball_IsCopiedNotDownloaded()
    {
        var lines = await Script.DryRunAsync("package-emr.sh", ["--out", "/tmp/stage", "--worker-tarball", "/downloads/w.tar.gz"]);

        Assert.Contains($"cp /downloads/w.tar.gz /tmp/stage/{Worker}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("curl", StringComparison.Ordinal) || l.StartsWith("aws", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_DryRun_InstallsTheWorkerAndExportsItsFolder()
    {
        var lines = await Script.DryRunAsync("bootstrap-emr-worker.sh", [$"s3://example-artifacts/sparketl/{Worker}"]);

        Assert.Equal(
        [
            $"aws s3 cp --only-show-errors s3://example-artifacts/sparketl/{Worker} /tmp/{Worker}",
            "sudo mkdir -p /usr/local/lib/sparketl",
            $"sudo tar -xzf /tmp/{Worker} -C /usr/local/lib/sparketl",
            "sudo chmod 755 /usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1/Microsoft.Spark.Worker",
            "sudo sh -c 'echo '\\''export DOTNET_WORKER_DIR=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1'\\'' > /etc/profile.d/sparketl-dotnet-worker.sh'",
            $"rm -f /tmp/{Worker}",
            "DOTNET_WORKER_DIR=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1",
        ], lines);
    }

    [Fact]
    public async Task Bootstrap_WorkerFolder_IsTheOneSubmitEmrPassesToSpark()
    {
        var bootstrap = await Script.DryRunAsync("bootstrap-emr-worker.sh", [$"s3://b/{Worker}"]);
        var submit = Assert.Single(await Script.DryRunAsync("submit-emr.sh", ["--cluster-id", "j-1", "--artifacts", "s3://b/a", "--stream", "s", "--data", "s3://b/d"]));

        Assert.Contains($"spark.executorEnv.{bootstrap[^1]}", submit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_NotAWorkerTarball_ExitsWith2()
    {
        var result = await Script.RunAsync("bootstrap-emr-worker.sh", ["--dry-run", "s3://b/worker.zip"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task SubmitLocalSpark_DryRun_PublishesThenSubmitsToLocalSparkWithTheSameJobAndSettings()
    {
        var root = RepositoryPaths.Root;
        var lines = await Script.DryRunAsync("submit-local-spark.sh", ["--stream", "ticks", "--set", "aws.kinesisEndpoint=http://127.0.0.1:4567"],
            new Dictionary<string, string?> { ["SPARK_HOME"] = "/opt/spark-3.5.3", ["DOTNET_WORKER_DIR"] = "/opt/worker", ["SPARKETL_KINESIS_CONNECTOR_JAR"] = null });

        Assert.Equal(
        [
            $"dotnet publish {root}/jobs/SparkEtl.Spark/SparkEtl.Spark.csproj -c Release --nologo -o {root}/artifacts/spark-local",
            $"env DOTNET_WORKER_DIR=/opt/worker DOTNET_ASSEMBLY_SEARCH_PATHS={root}/artifacts/spark-local /opt/spark-3.5.3/bin/spark-submit --master 'local[*]' "
            + "--class org.apache.spark.deploy.dotnet.DotnetRunner "
            + "--jars https://awslabs-code-us-east-1.s3.amazonaws.com/spark-sql-kinesis-connector/spark-streaming-sql-kinesis-connector_2.12-1.4.2.jar "
            + "--conf spark.dotnet.ignoreSparkPatchVersionCheck=true --conf spark.speculation=false "
            + $"{root}/artifacts/spark-local/{Jar} {root}/artifacts/spark-local/SparkEtl.Spark "
            + $"--conf {root}/conf/emr.json --set source=kinesis:ticks --set aws.kinesisEndpoint=http://127.0.0.1:4567",
        ], lines);
    }

    /// <summary>Iceberg as EMR 7.7.0 bundles it (1.7.1), from Maven Central: the Spark 3.5 runtime and the AWS bundle Glue and S3FileIO need.</summary>
    [Fact]
    public async Task SubmitLocalSpark_Iceberg_AddsTheRuntimePackagesTheCatalogConfsAndTheFormat()
    {
        var root = RepositoryPaths.Root;
        var line = Assert.Single(await Script.DryRunAsync("submit-local-spark.sh", ["--stream", "ticks", "--no-build", "--iceberg"],
            new Dictionary<string, string?> { ["SPARK_HOME"] = "/opt/spark-3.5.3", ["DOTNET_WORKER_DIR"] = "/opt/worker", ["SPARKETL_KINESIS_CONNECTOR_JAR"] = "/opt/kinesis.jar" }));

        Assert.Equal(
            $"env DOTNET_WORKER_DIR=/opt/worker DOTNET_ASSEMBLY_SEARCH_PATHS={root}/artifacts/spark-local /opt/spark-3.5.3/bin/spark-submit --master 'local[*]' "
            + "--class org.apache.spark.deploy.dotnet.DotnetRunner --jars /opt/kinesis.jar "
            + "--conf spark.dotnet.ignoreSparkPatchVersionCheck=true --conf spark.speculation=false "
            + "--packages org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.7.1,org.apache.iceberg:iceberg-aws-bundle:1.7.1 "
            + "--conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions "
            + "--conf spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog "
            + "--conf spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog "
            + "--conf spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO "
            + "--conf spark.sql.catalog.glue_catalog.cache-enabled=false "
            + $"{root}/artifacts/spark-local/{Jar} {root}/artifacts/spark-local/SparkEtl.Spark "
            + $"--conf {root}/conf/emr.json --set source=kinesis:ticks --set table.format=iceberg",
            line);
    }

    [Fact]
    public async Task SubmitLocalSpark_NoSparkHome_ExitsWith2NamingIt()
    {
        var result = await Script.RunAsync("submit-local-spark.sh", ["--dry-run", "--stream", "ticks"], new Dictionary<string, string?> { ["SPARK_HOME"] = null });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SPARK_HOME", result.StandardError, StringComparison.Ordinal);
    }
}
