namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class FloatingPointTypeTests : InMemoryDatabase
{
    [Fact]
    public void Float_IsWidenedToDouble()
    {
        QueryResult result = Connection.Query("SELECT 1.5::FLOAT AS f, (-0.25)::FLOAT AS g");
        Assert.Equal(DuckDbType.Float, result["f"].Type);
        Assert.Equal(typeof(double), result["f"].ClrType);
        Assert.Equal(1.5, result["f"].Values<double>()[0]);
        Assert.Equal(-0.25, result["g"].Values<double>()[0]);
    }

    [Fact]
    public void Double_SpecialValues_RoundTrip()
    {
        QueryResult result = Connection.Query(
            "SELECT * FROM (VALUES (0.1::DOUBLE), ('inf'::DOUBLE), ('-inf'::DOUBLE), ('nan'::DOUBLE), (1e308::DOUBLE)) t(d)");
        double[] values = result[0].Values<double>();
        Assert.Equal(DuckDbType.Double, result[0].Type);
        Assert.Equal(0.1, values[0]);
        Assert.Equal(double.PositiveInfinity, values[1]);
        Assert.Equal(double.NegativeInfinity, values[2]);
        Assert.True(double.IsNaN(values[3]));
        Assert.Equal(1e308, values[4]);
    }
}
