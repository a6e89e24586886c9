using SparkEtl.Core;

namespace SparkEtl.Cli.Commands;

/// <summary>The command line itself is wrong (unknown command or option, missing value); exit code 2.</summary>
internal sealed class UsageException(string message) : SparkEtlException(message);
