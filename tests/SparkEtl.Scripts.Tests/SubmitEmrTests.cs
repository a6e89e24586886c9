using System.Text.Json;
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

    [Fact]
    public async Task Help_PrintsUsage()
    {
        var result = await Script.RunAsync("submit-emr.sh", ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: scripts/submit-emr.sh", result.StandardOutput, StringComparison.Ordinal);
    }
}
