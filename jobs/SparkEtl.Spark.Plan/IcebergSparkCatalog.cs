using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan.Internal;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Iceberg catalog the Spark job writes <c>table.format=iceberg</c> tables through: Iceberg's Spark runtime
/// (<c>org.apache.iceberg.spark.SparkCatalog</c>) over the AWS Glue Data Catalog (<c>GlueCatalog</c>), with data and
/// metadata files read and written by <c>S3FileIO</c>, registered in the Spark session as catalog <see cref="Name"/>.
/// Its Spark configuration (<see cref="SparkConf"/>) is derived from the job's settings: <c>warehouse</c>,
/// <c>aws.region</c>, <c>aws.glueEndpoint</c>, <c>aws.s3Endpoint</c>, <c>s3.encryption</c> and <c>s3.kmsKeyId</c>.
/// </summary>
/// <remarks>
/// The Glue table holds the pointer to the current metadata file (<c>table_type=ICEBERG</c>, <c>metadata_location</c>),
/// moved by Iceberg's <c>GlueCatalog</c> with an <c>UpdateTable</c> conditioned on the table's version, as the embedded
/// engine's <c>GlueIcebergCatalog</c> does. The catalog's table cache is off, so every statement (the replay check
/// before an append in particular) reads the table's current metadata rather than what this driver saw before.
/// </remarks>
public sealed class IcebergSparkCatalog
{
    /// <summary>The Spark catalog name: tables are <c>glue_catalog.`database`.`table`</c>.</summary>
    public const string Name = "glue_catalog";

    /// <summary>The Spark setting that lists the session extensions.</summary>
    public const string ExtensionsKey = "spark.sql.extensions";

    /// <summary>Iceberg's session extensions: its SQL procedures (<c>CALL glue_catalog.system.rewrite_data_files</c>, ...) and DDL.</summary>
    public const string Extensions = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

    /// <summary>The Spark setting that names the catalog's class; the catalog's own properties are below it.</summary>
    public const string CatalogKey = "spark.sql.catalog." + Name;

    private IcebergSparkCatalog(string database, SortedDictionary<string, string> sparkConf)
    {
        Database = database;
        SparkConf = sparkConf;
        CreateNamespaceSql = $"CREATE NAMESPACE IF NOT EXISTS {Name}.{SparkSqlText.Identifier(database)}";
    }

    /// <summary>The Glue database the tables are in (<c>catalog.database</c>).</summary>
    public string Database { get; }

    /// <summary>Every Spark setting the catalog needs, by key, in key order.</summary>
    public IReadOnlyDictionary<string, string> SparkConf { get; }

    /// <summary>Creates the Glue database when it is missing (Iceberg's <c>GlueCatalog</c>: <c>GetDatabase</c>, <c>CreateDatabase</c>).</summary>
    public string CreateNamespaceSql { get; }

    /// <summary>The catalog for a job configured with <paramref name="settings"/>.</summary>
    /// <exception cref="ConfigurationException">
    /// <c>catalog.mode</c> is not <c>glue</c> (the Glue Data Catalog is the Iceberg catalog on EMR), or the warehouse is
    /// not an <c>s3://</c> location (the tables' files are written through S3FileIO).
    /// </exception>
    public static IcebergSparkCatalog For(EtlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Catalog.Mode != CatalogMode.Glue)
        {
            throw new ConfigurationException("catalog.mode", settings.Catalog.Mode.ToString().ToLowerInvariant(),
                "glue with table.format=iceberg on the Spark job (the Glue Data Catalog is its Iceberg catalog)");
        }

        if (!settings.Warehouse.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw new ConfigurationException("warehouse", settings.Warehouse,
                "an s3://bucket/prefix location with table.format=iceberg on the Spark job (the tables' files go through S3FileIO)");
        }

        var conf = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ExtensionsKey] = Extensions,
            [CatalogKey] = "org.apache.iceberg.spark.SparkCatalog",
            [CatalogKey + ".catalog-impl"] = "org.apache.iceberg.aws.glue.GlueCatalog",
            [CatalogKey + ".io-impl"] = "org.apache.iceberg.aws.s3.S3FileIO",
            [CatalogKey + ".warehouse"] = settings.Warehouse.TrimEnd('/'),
            [CatalogKey + ".cache-enabled"] = "false",
        };

        // Iceberg's AWS properties (AwsClientProperties, AwsProperties, S3FileIOProperties).
        var aws = settings.Aws;
        if (aws.Region is { } region)
        {
            conf[CatalogKey + ".client.region"] = region;
        }

        if (aws.GlueEndpoint is { } glue)
        {
            conf[CatalogKey + ".glue.endpoint"] = glue.ToString().TrimEnd('/');
        }

        if (aws.S3Endpoint is { } s3)
        {
            conf[CatalogKey + ".s3.endpoint"] = s3.ToString().TrimEnd('/');
            conf[CatalogKey + ".s3.path-style-access"] = "true";
        }

        switch (aws.S3Encryption)
        {
            case S3EncryptionKind.S3Managed:
                conf[CatalogKey + ".s3.sse.type"] = "s3";
                break;
            case S3EncryptionKind.Kms:
                conf[CatalogKey + ".s3.sse.type"] = "kms";
                if (aws.KmsKeyId is { } key)
                {
                    conf[CatalogKey + ".s3.sse.key"] = key;
                }

                break;
        }

        return new IcebergSparkCatalog(settings.Database, conf);
    }

    /// <summary>
    /// What the job sets on the session builder, given the settings <c>spark-submit</c> passed (<paramref name="submitted"/>,
    /// from <c>--conf</c> and <c>spark-defaults.conf</c>): every conf of <see cref="SparkConf"/> that was not passed, and
    /// <c>spark.sql.extensions</c> with Iceberg's appended when it lists only others. A passed conf with another value
    /// than the settings give is refused, since the job would then write elsewhere than its settings say.
    /// </summary>
    /// <exception cref="ConfigurationException">A passed conf disagrees with the job's settings.</exception>
    public IReadOnlyDictionary<string, string> SessionConf(IReadOnlyDictionary<string, string> submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var missing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in SparkConf)
        {
            if (!submitted.TryGetValue(key, out var given))
            {
                missing[key] = value;
            }
            else if (key == ExtensionsKey)
            {
                var listed = given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (!listed.Contains(Extensions, StringComparer.Ordinal))
                {
                    missing[key] = string.Join(',', [.. listed, Extensions]);
                }
            }
            else if (!string.Equals(given.TrimEnd('/'), value, StringComparison.Ordinal))
            {
                throw new ConfigurationException($"--conf {key}", given,
                    $"{value}, which the job derives from its settings (or leave it out and the job sets it)");
            }
        }

        return missing;
    }
}
