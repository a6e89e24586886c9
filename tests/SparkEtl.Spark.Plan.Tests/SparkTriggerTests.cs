using SparkEtl.Core;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkTriggerTests
{
    [Fact]
    public void For_Interval_IsAProcessingTimeTriggerInMilliseconds() =>
        Assert.Equal(new SparkTrigger(false, 90_000), SparkTrigger.For(SparkJobSettings.Bind(("trigger", "interval:90s")).Trigger));

    [Fact]
    public void For_Once_IsTheOnceTrigger() =>
        Assert.Equal(new SparkTrigger(true, 0), SparkTrigger.For(SparkJobSettings.Bind(("trigger", "once")).Trigger));

    [Fact]
    public void For_AvailableNow_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<ConfigurationException>(() => SparkTrigger.For(SparkJobSettings.Bind(("trigger", "available-now")).Trigger));

        Assert.Equal("trigger", error.Setting);
        Assert.Equal("available-now", error.Value);
    }
}
