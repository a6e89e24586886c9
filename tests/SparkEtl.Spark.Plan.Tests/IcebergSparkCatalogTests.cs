using SparkEtl.Core;

namespace SparkEtl.Spark.Plan.Tests;

public class IcebergSparkCatalogTests
{
    private static IcebergSparkCatalog Catalog(params (string Path, string Value)[] settings) =>
        IcebergSparkCatalog.For(SparkJobSettings.Bind([("warehouse", "s3://example-data/sparketl/warehouse/"), ("catalog.mode", "glue"), ("table.format", "iceberg"), .. settings]));

    [Fact]
    public void SparkConf_IsTheGlueCatalogOverS3FileIO_AtTheWarehouse_WithIcebergsExtensions() => Assert.Equal(
        new Dictionary<string, string>
        {
            ["spark.sql.catalog.glue_catalog"] = "org.apache.iceberg.spark.SparkCatalog",
            ["spark.sql.catalog.glue_catalog.cache-enabled"] = "false",
            ["spark.sql.catalog.glue_catalog.catalog-impl"] = "org.apache.iceberg.aws.glue.GlueCatalog",
            ["spark.sql.catalog.glue_catalog.client.region"] = "eu-west-1",
            ["spark.sql.catalog.glue_catalog.io-impl"] = "org.apache.iceberg.aws.s3.S3FileIO",
            ["spark.sql.catalog.glue_catalog.s3.sse.type"] = "s3",
            ["spark.sql.catalog.glue_catalog.warehouse"] = "s3://example-data/sparketl/warehouse",
            ["spark.sql.extensions"] = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        },
        Catalog(("aws.region", "eu-west-1"), ("s3.encryption", "sse-s3")).SparkConf);

    [Fact]
    public void SparkConf_KmsKeyAndEndpoints_AreIcebergsAwsProperties()
    {
        var conf = Catalog(("s3.encryption", "sse-kms"), ("s3.kmsKeyId", "alias/sparketl"),
            ("aws.s3Endpoint", "http://127.0.0.1:4569"), ("aws.glueEndpoint", "http://127.0.0.1:4570")).SparkConf;

        Assert.Equal("kms", conf["spark.sql.catalog.glue_catalog.s3.sse.type"]);
        Assert.Equal("alias/sparketl", conf["spark.sql.catalog.glue_catalog.s3.sse.key"]);
        Assert.Equal("http://127.0.0.1:4569", conf["spark.sql.catalog.glue_catalog.s3.endpoint"]);
        Assert.Equal("true", conf["spark.sql.catalog.glue_catalog.s3.path-style-access"]);
        Assert.Equal("http://127.0.0.1:4570", conf["spark.sql.catalog.glue_catalog.glue.endpoint"]);
    }

    [Fact]
    public void SparkConf_NoEncryptionOrRegion_LeavesIcebergsDefaults()
    {
        var conf = Catalog(("s3.encryption", "none")).SparkConf;

        Assert.DoesNotContain(conf.Keys, k => k.Contains(".s3.", StringComparison.Ordinal) || k.EndsWith("client.region", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateNamespaceSql_CreatesTheGlueDatabaseWhenMissing() =>
        Assert.Equal("CREATE NAMESPACE IF NOT EXISTS glue_catalog.`sparketl`", Catalog().CreateNamespaceSql);

    [Theory]
    [InlineData("none")]
    [InlineData("projection")]
    [InlineData("local")]
    public void For_ACatalogModeOtherThanGlue_IsRefusedNamingTheSetting(string mode)
    {
        var e = Assert.Throws<ConfigurationException>(() => IcebergSparkCatalog.For(
            SparkJobSettings.Bind(("warehouse", "s3://example-data/warehouse"), ("catalog.mode", mode), ("table.format", "iceberg"))));

        Assert.Equal(("catalog.mode", mode), (e.Setting, e.Value));
    }

    [Fact]
    public void For_ALocalWarehouse_IsRefusedNamingTheSetting()
    {
        var e = Assert.Throws<ConfigurationException>(() => IcebergSparkCatalog.For(
            SparkJobSettings.Bind(("warehouse", "/data/warehouse"), ("catalog.mode", "glue"), ("table.format", "iceberg"))));

        Assert.Equal(("warehouse", "/data/warehouse"), (e.Setting, e.Value));
    }

    [Fact]
    public void SessionConf_NothingSubmitted_SetsEveryConf()
    {
        var catalog = Catalog();

        Assert.Equal(catalog.SparkConf, catalog.SessionConf(new Dictionary<string, string>()));
    }

    [Fact]
    public void SessionConf_WhatTheSubmitScriptPassed_IsKept_AndOnlyTheRestIsSet()
    {
        var catalog = Catalog();
        var submitted = new Dictionary<string, string>
        {
            ["spark.master"] = "yarn",
            ["spark.sql.extensions"] = IcebergSparkCatalog.Extensions,
            ["spark.sql.catalog.glue_catalog"] = "org.apache.iceberg.spark.SparkCatalog",
            ["spark.sql.catalog.glue_catalog.warehouse"] = "s3://example-data/sparketl/warehouse/",
        };

        var set = catalog.SessionConf(submitted);

        Assert.Equal(catalog.SparkConf.Keys.Except(submitted.Keys).Order(StringComparer.Ordinal), set.Keys);
    }

    [Fact]
    public void SessionConf_OtherExtensions_GetIcebergsAppended()
    {
        var set = Catalog().SessionConf(new Dictionary<string, string> { ["spark.sql.extensions"] = "io.delta.sql.DeltaSparkSessionExtension" });

        Assert.Equal("io.delta.sql.DeltaSparkSessionExtension," + IcebergSparkCatalog.Extensions, set["spark.sql.extensions"]);
    }

    [Fact]
    public void SessionConf_AWarehouseOtherThanTheSettings_IsRefusedNamingTheConf()
    {
        var e = Assert.Throws<ConfigurationException>(() => Catalog().SessionConf(
            new Dictionary<string, string> { ["spark.sql.catalog.glue_catalog.warehouse"] = "s3://other-bucket/warehouse" }));

        Assert.Equal(("--conf spark.sql.catalog.glue_catalog.warehouse", "s3://other-bucket/warehouse"), (e.Setting, e.Value));
        Assert.Contains("s3://example-data/sparketl/warehouse", e.Message, StringComparison.Ordinal);
    }
}
