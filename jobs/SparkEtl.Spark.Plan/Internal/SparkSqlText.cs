namespace SparkEtl.Spark.Plan.Internal;

/// <summary>Text put into Spark SQL statements: string literals and identifiers, quoted so no value can end them.</summary>
internal static class SparkSqlText
{
    /// <summary>
    /// A single-quoted string literal. Spark's parser reads backslash escapes in literals (the default,
    /// <c>spark.sql.parser.escapedStringLiterals=false</c>), so a backslash and a quote are escaped with one.
    /// </summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>One part of a name in backquotes; a backquote inside is doubled (Spark SQL, "Identifiers").</summary>
    public static string Identifier(string part)
    {
        ArgumentException.ThrowIfNullOrEmpty(part);
        return "`" + part.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
