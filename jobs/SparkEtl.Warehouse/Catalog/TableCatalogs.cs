using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;

namespace SparkEtl.Warehouse.Catalog;

/// <summary>Opens the catalog a run is configured with; one explicit entry per <see cref="CatalogMode"/>.</summary>
public static class TableCatalogs
{
    /// <summary>
    /// The catalog of Hive-style tables. Iceberg tables (<c>table.format=iceberg</c>) keep their own pointer (in the
    /// warehouse, or in Glue with <c>catalog.mode=glue</c>) and register no partitions: for them this is a catalog that
    /// does nothing, and partition projection, which describes <c>dt</c> folders, is refused.
    /// </summary>
    public static ITableCatalog Open(EtlSettings settings, IObjectStore warehouse)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s3 = settings.Warehouse.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        if (settings.Table.Format == TableFormat.Iceberg)
        {
            return settings.Catalog.Mode switch
            {
                CatalogMode.Projection => throw new ConfigurationException("catalog.mode", "projection",
                    "local, glue or none with table.format=iceberg (Iceberg tables are partitioned by their metadata, not by dt folders to project)"),
                CatalogMode.Glue when !s3 => throw new ConfigurationException("catalog.mode", "glue",
                    $"local or none with a local warehouse ({settings.Warehouse}); Glue tables point at S3, so glue needs an s3:// warehouse"),
                _ => new NoTableCatalog(),
            };
        }

        return settings.Catalog.Mode switch
        {
            CatalogMode.Local => new LocalTableCatalog(warehouse, settings.Warehouse, settings.Database),
            CatalogMode.None => new NoTableCatalog(),
            _ when !s3 => throw new ConfigurationException("catalog.mode", settings.Catalog.Mode == CatalogMode.Glue ? "glue" : "projection",
                $"local or none with a local warehouse ({settings.Warehouse}); Glue tables point at S3, so glue and projection need an s3:// warehouse"),
            var mode => new GlueTableCatalog(
                new GlueCatalogClient(new AwsClientOptions
                {
                    Region = settings.Aws.Region,
                    Endpoint = settings.Aws.GlueEndpoint,
                    EndpointSetting = "aws.glueEndpoint",
                    AllowInsecureEndpoint = settings.Aws.AllowInsecureEndpoints,
                }),
                settings.Database,
                settings.Warehouse,
                mode == CatalogMode.Projection ? settings.Catalog.ProjectionStartDay : null),
        };
    }
}
