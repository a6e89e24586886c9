using SparkEtl.Cli.Logging;

namespace SparkEtl.Cli.Tests;

/// <summary>Standard error's one writer: secrets masked, log lines above a terminal's live line.</summary>
public class DiagnosticsWriterTests
{
    [Fact]
    public void Redactor_MasksEverySecretValue_ButLeavesShortDummyValuesAlone()
    {
        var redactor = new SecretRedactor(["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE", "secret", null]);

        Assert.Equal("key *** id *** and a secret", redactor.Redact("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY id AKIAIOSFODNN7EXAMPLE and a secret"));
    }

    [Fact]
    public void Writer_MasksSecretsInEveryLine()
    {
        using var error = new StringWriter();
        var writer = new DiagnosticsWriter(error, terminal: false, new SecretRedactor(["AKIAIOSFODNN7EXAMPLE"]));

        writer.WriteLine("failed with AKIAIOSFODNN7EXAMPLE");
        writer.SetLive("batch 1 AKIAIOSFODNN7EXAMPLE");

        Assert.Equal("failed with ***\nbatch 1 ***\n", error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void OnATerminal_ALogLineGoesAboveTheLiveLine_WhichIsDrawnAgain()
    {
        using var error = new StringWriter();
        var writer = new DiagnosticsWriter(error, terminal: true, new SecretRedactor([]));

        writer.SetLive("batch 1");
        writer.SetLive("batch 2");
        writer.WriteLine("12:00:00 info  idle");
        writer.EndLive();

        Assert.Equal("\r\u001b[2Kbatch 1\r\u001b[2Kbatch 2\r\u001b[2K12:00:00 info  idle\nbatch 2\n", error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
