using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// What the Spark job does with the catalog for <c>catalog.mode</c>: <c>glue</c> creates the tables and registers each
/// new partition, <c>projection</c> creates the tables with partition projection and registers none, <c>none</c> does
/// nothing. <c>local</c> (a catalog file in the warehouse, for the embedded engine) is refused: on EMR, Glue is the catalog.
/// </summary>
/// <param name="CreateTables">Create the database and missing tables in Glue.</param>
/// <param name="RegisterPartitions">Register each partition a batch wrote.</param>
/// <param name="ProjectionStartDay">The first projected day with <c>projection</c>, else null.</param>
public sealed record SparkJobCatalog(bool CreateTables, bool RegisterPartitions, string? ProjectionStartDay)
{
    /// <exception cref="ConfigurationException"><c>catalog.mode=local</c>.</exception>
    public static SparkJobCatalog For(CatalogSettings catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Mode switch
        {
            CatalogMode.Glue => new SparkJobCatalog(true, true, null),
            CatalogMode.Projection => new SparkJobCatalog(true, false, catalog.ProjectionStartDay),
            CatalogMode.None => new SparkJobCatalog(false, false, null),
            _ => throw new ConfigurationException("catalog.mode", "local", "glue, projection or none for the Spark job (the local catalog is the embedded engine's)"),
        };
    }
}
