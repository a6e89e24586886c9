using System.Text.Json;
using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan;
using SparkEtl.TestSupport;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Scripts.Tests;

public class SubmitEmrTests
{
    private static readonly string[] Arguments =
    [
        "--cluster-id", "j-2AXXXXXXGAPLF", "--artifacts", "s3://example-artifacts/sparketl/", "--stream", "ticks",
        "--data", "s3://example-data/sparketl", "--region", "eu-west-1", "--set", "trigger=interval:30s",
    ];

    private static readonly string[] ExpectedSparkSubmit =
    [
        "spark-submit",
        "--deploy-mode", "cluster",
        "--master", "yarn",
        "--class", "org.apache.spark.deploy.dotnet.DotnetRunner",
        "--jars", "/usr/share/aws/kinesis/spark-sql-kinesis/lib/spark-streaming-sql-kinesis-connector.jar",
        "--archives", "s3://example-artifacts/sparketl/sparketl-spark.zip#sparketl",
        "--conf", "spark.dotnet.ignoreSparkPatchVersionCheck=true",
        "--conf", "spark.speculation=false",
        "--conf", "spark.yarn.appMasterEnv.DOTNET_WORKER_DIR=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1",
        "--conf", "spark.executorEnv.DOTNET_WORKER_DIR=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1",
        "--conf", "spark.yarn.appMasterEnv.DOTNET_ASSEMBLY_SEARCH_PATHS=./sparketl",
        "--conf", "spark.executorEnv.DOTNET_ASSEMBLY_SEARCH_PATHS=./sparketl",
        "--conf", "spark.executorEnv.DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
        "s3://example-artifacts/sparketl/microsoft-spark-3-5_2.12-2.3.1.jar",
        "s3://example-artifacts/sparketl/sparketl-spark.zip", "SparkEtl.Spark",
        "--conf", "conf/emr.json",
        "--set", "source=kinesis:ticks",
        "--set", "warehouse=s3://example-data/sparketl/warehouse",
        "--set", "checkpoint=s3://example-data/sparketl/checkpoint",
        "--set", "aws.region=eu-west-1",
        "--set", "trigger=interval:30s",
    ];

    /// <summary>The Iceberg catalog's confs the step passes with <c>--iceberg</c>, before the application jar.</summary>
    private static readonly string[] IcebergConfs =
    [
        "--conf", "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "--conf", "spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog",
        "--conf", "spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
        "--conf", "spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
        "--conf", "spark.sql.catalog.glue_catalog.warehouse=s3://example-data/sparketl/warehouse",
        "--conf", "spark.sql.catalog.glue_catalog.cache-enabled=false",
        "--conf", "spark.sql.catalog.glue_catalog.client.region=eu-west-1",
    ];

    [Fact]
    public async Task DryRun_PrintsOneAddStepsCommandWhoseStepRunsSparkSubmitThroughCommandRunner()
    {
        var line = Assert.Single(await Script.DryRunAsync("submit-emr.sh", Arguments));

        const string Prefix = "aws emr add-steps --cluster-id j-2AXXXXXXGAPLF --steps '";
        Assert.StartsWith(Prefix, line, StringComparison.Ordinal);
        Assert.EndsWith("' --region eu-west-1", line, StringComparison.Ordinal);
        using var steps = JsonDocument.Parse(line[Prefix.Length..line.LastIndexOf("' --region", StringComparison.Ordinal)]);
        var step = Assert.Single(steps.RootElement.EnumerateArray());
        Assert.Equal("CUSTOM_JAR", step.GetProperty("Type").GetString());
        Assert.Equal("command-runner.jar", step.GetProperty("Jar").GetString());
        Assert.Equal("CONTINUE", step.GetProperty("ActionOnFailure").GetString());
        Assert.Equal(ExpectedSparkSubmit, step.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task PrintedCommand_IsAcceptedByTheAwsCliAndSendsAValidAddJobFlowStepsRequest()
    {
        var line = Assert.Single(await Script.DryRunAsync("submit-emr.sh", Arguments));
        using var emr = new EmrApiCapture();

        (await emr.RunAsync(line)).EnsureSuccess("aws emr add-steps");

        var request = emr.Request("AddJobFlowSteps");
        var model = AwsServiceModel.Load("emr", "2009-03-31");
        Assert.Empty(model.Validate(model.InputShape("AddJobFlowSteps")!, request));
        Assert.Equal("j-2AXXXXXXGAPLF", request.GetProperty("JobFlowId").GetString());
        var jarStep = Assert.Single(request.GetProperty("Steps").EnumerateArray()).GetProperty("HadoopJarStep");
        Assert.Equal("command-runner.jar", jarStep.GetProperty("Jar").GetString());
        Assert.Equal(ExpectedSparkSubmit, jarStep.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ValuesWithQuotes_StayOneArgumentInTheStepJson()
    {
        var line = Assert.Single(await Script.DryRunAsync("submit-emr.sh", [.. Arguments, "--set", "demo.startTime=it's \"now\""]));
        using var emr = new EmrApiCapture();

        (await emr.RunAsync(line)).EnsureSuccess("aws emr add-steps");

        var args = emr.Request("AddJobFlowSteps").GetProperty("Steps")[0].GetProperty("HadoopJarStep").GetProperty("Args");
        Assert.Equal("demo.startTime=it's \"now\"", args[args.GetArrayLength() - 1].GetString());
    }

    [Fact]
    public async Task Iceberg_TheStepCarriesTheCatalogConfsAndTheFormat_AndIsAValidRequest()
    {
        var line = Assert.Single(await Script.DryRunAsync("submit-emr.sh", [.. Arguments, "--iceberg"]));
        using var emr = new EmrApiCapture();

        (await emr.RunAsync(line)).EnsureSuccess("aws emr add-steps");

        var request = emr.Request("AddJobFlowSteps");
        var model = AwsServiceModel.Load("emr", "2009-03-31");
        Assert.Empty(model.Validate(model.InputShape("AddJobFlowSteps")!, request));
        var jar = Array.IndexOf(ExpectedSparkSubmit, "s3://example-artifacts/sparketl/microsoft-spark-3-5_2.12-2.3.1.jar");
        var trigger = Array.IndexOf(ExpectedSparkSubmit, "trigger=interval:30s") - 1;
        Assert.Equal(
            [.. ExpectedSparkSubmit[..jar], .. IcebergConfs, .. ExpectedSparkSubmit[jar..trigger], "--set", "table.format=iceberg", .. ExpectedSparkSubmit[trigger..]],
            request.GetProperty("Steps")[0].GetProperty("HadoopJarStep").GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Iceberg_SetTableFormat_AddsTheConfsOnce_AndAWarehouseSetOverridesTheDataPrefix()
    {
        var line = Assert.Single(await Script.DryRunAsync("submit-emr.sh", [.. Arguments, "--set", "table.format=iceberg", "--set", "warehouse=s3://other-data/tables"]));

        var args = SparkSubmitArgs(line);
        Assert.Contains("spark.sql.catalog.glue_catalog.warehouse=s3://other-data/tables", args);
        Assert.Single(args, a => a == "table.format=iceberg");
    }

    /// <summary>
    /// The job keeps the confs the step passes only when they agree with its settings (the step's --set values over
    /// conf/emr.json), and sets the ones the step leaves out; together they are the catalog's whole configuration.
    /// </summary>
    [Fact]
    public async Task Iceberg_TheStepsConfsAgreeWithWhatTheJobDerivesFromItsSettings()
    {
        var args = SparkSubmitArgs(Assert.Single(await Script.DryRunAsync("submit-emr.sh", [.. Arguments, "--iceberg"])));
        var jar = args.FindIndex(a => a.EndsWith(".jar", StringComparison.Ordinal) && a.StartsWith("s3://", StringComparison.Ordinal));
        var submitted = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < jar; i++)
        {
            if (args[i] == "--conf")
            {
                var (key, value) = Split(args[i + 1]);
                submitted[key] = value;
            }
        }

        var layers = new SettingsLayers();
        var path = Path.Combine(RepositoryPaths.Root, "conf", "emr.json");
        layers.AddJson(File.ReadAllText(path), path);
        for (var i = jar; i < args.Count; i++)
        {
            if (args[i] == "--set")
            {
                var (key, value) = Split(args[i + 1]);
                layers.Set(key, value, "--set");
            }
        }

        var settings = EtlSettingsBinder.Bind(layers);
        var catalog = IcebergSparkCatalog.For(settings);
        var added = catalog.SessionConf(submitted);

        Assert.Equal(TableFormat.Iceberg, settings.Table.Format);
        Assert.Equal(catalog.SparkConf, submitted.Where(p => catalog.SparkConf.ContainsKey(p.Key)).Concat(added).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(["spark.sql.catalog.glue_catalog.s3.sse.type"], added.Keys);
    }

    [Theory]
    [InlineData("--cluster-id")]
    [InlineData("--stream")]
    [InlineData("--data")]
    public async Task MissingRequiredOption_ExitsWith2NamingIt(string option)
    {
        var arguments = Arguments.ToList();
        arguments.RemoveRange(arguments.IndexOf(option), 2);

        var result = await Script.RunAsync("submit-emr.sh", ["--dry-run", .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    private static List<string> SparkSubmitArgs(string line)
    {
        const string Prefix = "aws emr add-steps --cluster-id j-2AXXXXXXGAPLF --steps '";
        using var steps = JsonDocument.Parse(line[Prefix.Length..line.LastIndexOf("' --region", StringComparison.Ordinal)]);
        return [.. steps.RootElement[0].GetProperty("Args").EnumerateArray().Select(a => a.GetString()!)];
    }

    private static (string Key, string Value) Split(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return (pair[..equals], pair[(equals + 1)..]);
    }

    [Fact]
    public async Task Help_PrintsUsage()
    {
        var result = await Script.RunAsync("submit-emr.sh", ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: scripts/submit-emr.sh", result.StandardOutput, StringComparison.Ordinal);
    }
}
