using System.Text.Json;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class DecodedRecordSchemaTests
{
    [Fact]
    public void Fields_AreTheTradesAndErrorsColumnsWithTimesAsEpochMilliseconds()
    {
        var expected = SparkEtlTables.Trades.Columns.Concat(SparkEtlTables.Errors.Columns)
            .DistinctBy(c => c.Name)
            .Select(c => (c.Name, c.Type == ParquetColumnType.TimestampMillis ? "long" : SparkSqlTypes.Of(c.Type)));

        Assert.Equal([("kind", "string"), .. expected, ("event_index", "integer"), ("drop_reason", "string"), ("late", "boolean")], DecodedRecordSchema.Fields);
    }

    [Fact]
    public void UdfResultJson_IsAStructHoldingAnArrayOfTheDecodedRow()
    {
        using var json = JsonDocument.Parse(DecodedRecordSchema.UdfResultJson);

        var field = Assert.Single(json.RootElement.GetProperty("fields").EnumerateArray());
        Assert.Equal(DecodedRecordSchema.ResultField, field.GetProperty("name").GetString());
        var element = field.GetProperty("type").GetProperty("elementType");
        Assert.Equal("array", field.GetProperty("type").GetProperty("type").GetString());
        Assert.Equal(DecodedRecordSchema.FieldNames, element.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.All(element.GetProperty("fields").EnumerateArray(), f => Assert.True(f.GetProperty("nullable").GetBoolean()));
    }

    [Fact]
    public void TradeRow_ReadsBackAsTheSameTrade()
    {
        var trade = new Trade("BRK.B", null, 412.5, 1_700_000_000_123, new SourcePosition("unknown", "4960", 3, 7), "/aws/lambda/x", "3612", 1_700_000_000_500);

        Assert.Equal(trade, DecodedRecordSchema.ToTrade(DecodedRecordSchema.TradeRow(trade)));
    }

    [Fact]
    public void TradeRow_ReadsBackWhenSparkReturnsWholeNumbersNarrower()
    {
        var values = DecodedRecordSchema.TradeRow(new Trade("JIB", "AUTOMOBILE", 44.0, 5, new SourcePosition("unknown", "1", SourcePosition.None, SourcePosition.None), null, null, 5));
        values[DecodedRecordSchema.IndexOf("event_time")] = 5;
        values[DecodedRecordSchema.IndexOf("price")] = 44;

        var trade = DecodedRecordSchema.ToTrade(values);

        Assert.Equal((5L, 44.0), (trade.EventTimeMs, trade.Price));
        Assert.Equal(SourcePosition.None, trade.Position.SubSequence);
    }

    [Fact]
    public void ErrorRow_CarriesRawDataAsBase64AndReadsBack()
    {
        var error = new ErrorRecord(ErrorType.ParseFailed, "Expected a ticker JSON object", new byte[] { 0, 1, 0xff }, new SourcePosition("unknown", "42", SourcePosition.None, 2), "36", 1_700_000_000_500);

        var values = DecodedRecordSchema.ErrorRow(error);
        var back = DecodedRecordSchema.ToError(values);

        Assert.Equal("AAH/", values[DecodedRecordSchema.IndexOf("raw_data")]);
        Assert.Equal("parse-failed", values[DecodedRecordSchema.IndexOf("error_type")]);
        Assert.Equal((error.Type, error.Message, error.Position, error.LogEventId, error.ArrivalMs), (back.Type, back.Message, back.Position, back.LogEventId, back.ArrivalMs));
        Assert.Equal(error.RawData.ToArray(), back.RawData.ToArray());
    }

    [Fact]
    public void ToError_UnknownCode_IsAFormatError()
    {
        var values = DecodedRecordSchema.ErrorRow(new ErrorRecord(ErrorType.ParseFailed, "m", Array.Empty<byte>(), new SourcePosition("unknown", "1", -1, -1), null, 0));
        values[DecodedRecordSchema.IndexOf("error_type")] = "exploded";

        Assert.Throws<FormatException>(() => DecodedRecordSchema.ToError(values));
    }

    [Fact]
    public void IndexOf_UnknownField_Throws() =>
        Assert.Throws<ArgumentException>(() => DecodedRecordSchema.IndexOf("change"));
}
