namespace SparkEtl.Core.Configuration;

/// <summary>How the tables are made known to Athena (<c>catalog.mode</c>).</summary>
public enum CatalogMode
{
    /// <summary><c>local</c>: a catalog kept in the warehouse (<c>_catalog/</c>), with the same table definitions as Glue would hold.</summary>
    Local,

    /// <summary><c>glue</c>: tables in the Glue Data Catalog; each new partition is registered after its files are durable and before the batch commits.</summary>
    Glue,

    /// <summary><c>projection</c>: tables in the Glue Data Catalog with partition projection on <c>dt</c>, so Athena needs no partition registration.</summary>
    Projection,

    /// <summary><c>none</c>: no catalog; the files alone.</summary>
    None,
}
