using SparkEtl.Core.Configuration;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>The command tree: help, validation and completion from one definition per command, and the old spellings.</summary>
public class CommandLineTests
{
    private static readonly string[] Commands = ["run", "status", "query", "inspect", "capture", "produce", "demo", "catalog", "settings", "completion"];

    [Fact]
    public async Task Help_ListsEveryCommand_AndNoArgumentsIsAUsageError()
    {
        var help = await CliRunner.RunAsync("--help");
        var none = await CliRunner.RunAsync();

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(2, none.ExitCode);
        foreach (var command in Commands)
        {
            Assert.Contains($"  {command} ", help.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"  {command} ", none.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("run", "--source <SOURCE>", "--progress <live|json|none>")]
    [InlineData("status", "--warehouse <DIR>", "--checkpoint <DIR>")]
    [InlineData("query", "<sql>", "--format <table|csv|json>")]
    [InlineData("inspect", "--source <SOURCE>", "--limit <N>")]
    [InlineData("capture", "--stream <STREAM>", "--duration <DURATION>")]
    [InlineData("demo", "--out <FILE>", "--bad-rate <R>")]
    [InlineData("catalog ddl", "--warehouse <DIR>", "--set <path=value>")]
    [InlineData("settings", "--conf <FILE>", "--set <path=value>")]
    public async Task CommandHelp_ShowsItsOptions_AsDoesTheHelpCommand(string command, string first, string second)
    {
        var help = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);
        var helpCommand = await CliRunner.RunAsync(["help", .. command.Split(' ')]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains($"Usage:\n  sparketl {command} ", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(first, help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(second, help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--log-format <text|json>", help.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(help.StandardOutput, helpCommand.StandardOutput);
    }

    [Theory]
    [InlineData("run --progress fancy", "--progress")]
    [InlineData("run --set window.size", "--set takes path=value")]
    [InlineData("demo --records 5", "--out")]
    [InlineData("query", "Required argument")]
    [InlineData("inspect --limit 0", "--limit")]
    [InlineData("capture --stream s --out x --duration soon", "--duration")]
    [InlineData("catalog", "Required command")]
    [InlineData("run --log-format xml", "--log-format")]
    public async Task BadCommandLine_IsAUsageErrorNamingWhatIsWrong(string args, string named)
    {
        var run = await CliRunner.RunAsync(args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru", "run")]
    [InlineData("run --prog", "--progress")]
    [InlineData("run --progress ", "json")]
    [InlineData("run --set window.s", "window.size=")]
    [InlineData("run --source ", "kinesis:")]
    [InlineData("query --format c", "csv")]
    [InlineData("catalog ", "sync")]
    public async Task Completion_ComesFromTheDefinitions(string line, string expected)
    {
        var run = await CliRunner.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.StandardOutput.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task CompletionScript_CompletesInBash()
    {
        using var folder = new TempDirectory();
        var program = folder.Combine("sparketl");
        await File.WriteAllTextAsync(program, $"#!/bin/sh\nexec dotnet '{SparkEtlChild.Assembly}' \"$@\"\n");
        var script = (await CliRunner.RunAsync("completion", "bash")).StandardOutput;
        var test = folder.Combine("complete.sh");
        await File.WriteAllTextAsync(test, script + $"""

            chmod +x '{program}'
            COMP_WORDS=('{program}' run --progress '')
            COMP_CWORD=3
            COMP_LINE='{program} run --progress '
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            _sparketl_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """);

        var bash = await ChildProcess.RunAsync("bash", [test]);

        Assert.True(bash.ExitCode == 0, bash.StandardError);
        Assert.Equal(["json", "live", "none"], bash.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OldSpellings_StillWork()
    {
        using var folder = new TempDirectory();

        var equals = await CliRunner.RunAsync("run", $"--warehouse={folder.Combine("w")}", "--set=demo.records=50", "--quiet");
        var help = await CliRunner.RunAsync("help");
        var ddl = await CliRunner.RunAsync("catalog", "ddl", "--warehouse", "s3://bucket/wh", "--set", "window.size=5m");

        Assert.True(equals.ExitCode == 0, equals.StandardError);
        Assert.True(File.Exists(folder.Combine("w", "_checkpoint", "commits", "0")));
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("CREATE EXTERNAL TABLE", ddl.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ohlc_5m", ddl.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSparkEtlVariable_IsWarnedAboutWithTheClosestSetting()
    {
        using var folder = new TempDirectory();
        Environment.SetEnvironmentVariable("SPARKETL_WINDW_SIZE", "5m");
        try
        {
            var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("w"), "--set", "demo.records=50", "--progress", "none");

            Assert.True(run.ExitCode == 0, run.StandardError);
            Assert.Contains("SPARKETL_WINDW_SIZE is not a SparkEtl setting and is ignored; did you mean SPARKETL_WINDOW_SIZE?", run.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("5m", run.StandardError.Split('\n').Single(l => l.Contains("SPARKETL_WINDW_SIZE", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPARKETL_WINDW_SIZE", null);
        }
    }

    [Fact]
    public void EveryCommandOfTheReadmeReference_IsACommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        foreach (var command in Commands)
        {
            Assert.Contains($"scripts/sparketl {command}", readme, StringComparison.Ordinal);
        }

        Assert.All(EtlSettingsBinder.Definitions, d => Assert.StartsWith(SettingsEnvironment.Prefix, d.EnvironmentVariable, StringComparison.Ordinal));
    }
}
