using SparkEtl.Core;

namespace SparkEtl.Aws.S3;

/// <summary>An S3 root: a bucket and a key prefix, written <c>s3://bucket/prefix</c>.</summary>
public sealed record S3Location
{
    private S3Location(string bucket, string prefix)
    {
        Bucket = bucket;
        Prefix = prefix;
    }

    public string Bucket { get; }

    /// <summary>The key prefix, empty or ending with '/', e.g. <c>warehouse/</c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// Parses <c>s3://bucket</c> or <c>s3://bucket/prefix[/]</c>. The bucket name follows S3's rules (3..63 lower-case
    /// letters, digits, '.' and '-', starting and ending with a letter or digit); the prefix has no empty, '.' or '..'
    /// segments. Throws <see cref="ConfigurationException"/> for anything else.
    /// </summary>
    public static S3Location Parse(string root, string setting = "storage.root")
    {
        const string Allowed = "s3://bucket or s3://bucket/prefix, with an S3 bucket name and a prefix without empty, '.' or '..' segments";
        if (root is null || !root.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw new ConfigurationException(setting, root, Allowed);
        }

        var rest = root["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!IsBucketName(bucket))
        {
            throw new ConfigurationException(setting, root, Allowed);
        }

        if (prefix.Length > 0)
        {
            if (!Core.Storage.ObjectKeys.IsValid(prefix.EndsWith('/') ? prefix[..^1] : prefix))
            {
                throw new ConfigurationException(setting, root, Allowed);
            }

            if (!prefix.EndsWith('/'))
            {
                prefix += "/";
            }
        }

        return new S3Location(bucket, prefix);
    }

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix.TrimEnd('/')}";

    private static bool IsBucketName(string name)
    {
        if (name.Length is < 3 or > 63 || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]) || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
