namespace SparkEtl.Core.Tables;

/// <summary>Rules for table names: Glue/Athena-safe and safe as a single folder name.</summary>
public static class TableNames
{
    /// <summary>Throws unless <paramref name="name"/> is 1-255 characters of lower-case letters, digits and '_', starting with a letter.</summary>
    public static void Validate(string name)
    {
        var ok = name.Length is > 0 and <= 255 && char.IsAsciiLetterLower(name[0]);
        foreach (var c in name)
        {
            ok &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_';
        }

        if (!ok)
        {
            throw new ArgumentException($"A table name must be lower-case letters, digits and '_', starting with a letter; got \"{name}\".", nameof(name));
        }
    }
}
