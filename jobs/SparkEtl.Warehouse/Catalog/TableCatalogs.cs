using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;

namespace SparkEtl.Warehouse.Catalog;

/// <summary>Opens the catalog a run is configured with; one explicit entry per <see cref="CatalogMode"/>.</summary>
public static class TableCatalogs
{
    public static ITableCatalog Open(EtlSettings settings, IObjectStore warehouse)
    {
        var s3 = settings.Warehouse.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        return settings.Catalog.Mode switch
        {
            CatalogMode.Local => new LocalTableCatalog(warehouse, settings.Warehouse, settings.Database),
            CatalogMode.None => new NoTableCatalog(),
            _ when !s3 => throw new ConfigurationException("catalog.mode", settings.Catalog.Mode == CatalogMode.Glue ? "glue" : "projection",
                $"local or none with a local warehouse ({settings.Warehouse}); Glue tables point at S3, so glue and projection need an s3:// warehouse"),
            var mode => new GlueTableCatalog(
                new GlueCatalogClient(new AwsClientOptions { Region = settings.Aws.Region, Endpoint = settings.Aws.GlueEndpoint }),
                settings.Database,
                settings.Warehouse,
                mode == CatalogMode.Projection ? settings.Catalog.ProjectionStartDay : null),
        };
    }
}
