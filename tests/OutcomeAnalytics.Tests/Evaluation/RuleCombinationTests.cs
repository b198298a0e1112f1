using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The one all_of / any_of combinator, by the rule's words: all_of is not_met when any part is, met when all are,
/// else pending when any is, else insufficient_data; any_of is met when any route is, not_met when all are, else
/// pending when any is, else insufficient_data.
/// </summary>
public sealed class RuleCombinationTests
{
    private static string Combine(Func<string, string> combinator, params string[] statuses)
    {
        using var connection = Database.Open();
        return connection.Scalar<string>($"SELECT {combinator("s")} FROM unnest(string_split($1, ',')) t(s)", string.Join(",", statuses))!;
    }

    [Theory]
    [InlineData("not_met", "met", "not_met", "pending")]
    [InlineData("met", "met", "met")]
    [InlineData("pending", "met", "pending", "insufficient_data")]
    [InlineData("insufficient_data", "met", "insufficient_data")]
    public void AllOf_ByTheRule(string expected, params string[] parts)
    {
        Assert.Equal(expected, Combine(RuleCombination.AllOf, parts));
        Assert.Equal(expected, Combine(s => RuleCombination.Either("true", s), parts));
    }

    [Theory]
    [InlineData("met", "not_met", "met", "pending")]
    [InlineData("not_met", "not_met", "not_met")]
    [InlineData("pending", "not_met", "pending", "insufficient_data")]
    [InlineData("insufficient_data", "not_met", "insufficient_data")]
    public void AnyOf_ByTheRule(string expected, params string[] parts)
    {
        Assert.Equal(expected, Combine(RuleCombination.AnyOf, parts));
        Assert.Equal(expected, Combine(s => RuleCombination.Either("false", s), parts));
    }
}
