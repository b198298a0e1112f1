using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Loading;

public sealed class DateFormatTests
{
    [Theory]
    [InlineData("DD/MM/YYYY", "%d/%m/%Y")]
    [InlineData("%d/%m/%Y", "%d/%m/%Y")]
    [InlineData("YYYY-MM-DD", "%Y-%m-%d")]
    [InlineData("DD.MM.YYYY", "%d.%m.%Y")]
    public void Parse_AcceptsDayMonthYearTokens(string text, string strptime) =>
        Assert.Equal(strptime, DateFormat.Parse(text).Strptime);

    [Theory]
    [InlineData("DD/MM/YY")]
    [InlineData("DD/MM")]
    [InlineData("DD/DD/YYYY")]
    [InlineData("DD MM YYYY")]
    public void Parse_RefusesOtherFormats(string text) =>
        Assert.Throws<FormatException>(() => DateFormat.Parse(text));
}
