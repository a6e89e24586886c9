using SparkEtl.Core;

namespace SparkEtl.Cli.Query;

/// <summary>DuckDB refused or could not run the SQL (a syntax error, an unknown column, ...); exit code 2, as bad input of the user's.</summary>
internal sealed class QueryFailedException(string message, Exception innerException) : SparkEtlException(message, innerException: innerException);
