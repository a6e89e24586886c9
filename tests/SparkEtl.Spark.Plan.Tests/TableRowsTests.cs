namespace SparkEtl.Spark.Plan.Tests;

public class TableRowsTests
{
    [Fact]
    public void BucketedExpressions_SelectTheColumnsInTheOrderTheFunctionReadsThem()
    {
        var names = TableRows.BucketedExpressions(FileBuckets.Plan([], 10)).Select(e => e.Contains(" AS ", StringComparison.Ordinal) ? e[(e.LastIndexOf(" AS ", StringComparison.Ordinal) + 4)..] : e);

        Assert.Equal(TableRows.Columns.Select(c => c.Name), names);
    }

    [Fact]
    public void KeyedExpressions_AreTheColumnsWithoutTheBucket() =>
        Assert.Equal(
            TableRows.Columns.Where(c => c.Name != TableRows.BucketColumn).Select(c => c.Name),
            TableRows.KeyedExpressions.Select(e => e.Contains(" AS ", StringComparison.Ordinal) ? e[(e.LastIndexOf(" AS ", StringComparison.Ordinal) + 4)..] : e));

    [Fact]
    public void TableAndDay_AreTradesByEventTimeAndErrorsByArrivalTime()
    {
        Assert.Equal("CASE kind WHEN 'trade' THEN 'trades' ELSE 'errors' END", TableRows.TableExpression);
        Assert.Equal("CAST(floor(CASE kind WHEN 'trade' THEN event_time ELSE arrival_time END / 86400000) AS BIGINT)", TableRows.DayExpression);
        Assert.Equal("kind IN ('trade', 'error')", TableRows.Filter);
    }

    [Fact]
    public void GroupingColumns_AreTableDayAndBucket() =>
        Assert.Equal(["table", "day", "bucket"], TableRows.GroupingColumns);
}
