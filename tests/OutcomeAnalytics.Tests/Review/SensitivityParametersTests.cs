using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Review;

namespace OutcomeAnalytics.Tests.Review;

/// <summary>Sensitivity varying only the parameters it is given (as the framework review notebook's <c>sensitivityParameters</c> asks).</summary>
public sealed class SensitivityParametersTests
{
    private static readonly Framework Phase3 = FrameworkLoader.Get("phase3");

    [Fact]
    public void Sensitivity_GivenParameters_VariesOnlyThose_OverTheirValues()
    {
        using var connection = Database.Open();
        new DataLoader().Load(connection, TestData.SampleFolder);
        string[] given = ["reduction_baseline", "authorised_absence_counts"];
        var result = Sensitivity.Run(connection, Phase3, new DateOnly(2025, 9, 30), parameters: given);
        // In the framework's order, each over its values.
        Assert.Equal([.. Phase3.Parameters.Where(p => given.Contains(p.Name)).SelectMany(p => Sensitivity.Values(p).Select(v => (p.Name, v)))],
            result.Rows.Select(r => (r.Parameter, r.Value)));
        Assert.Equal(2, result.Rows.Select(r => r.Parameter).Distinct().Count());
    }

    [Fact]
    public void Sensitivity_GivenAName_ThatIsNoParameter_IsRefusedNamingIt_BeforeAnyEvaluation()
    {
        using var connection = Database.Open();
        var e = Assert.Throws<ArgumentException>(() => Sensitivity.Run(connection, Phase3, new DateOnly(2025, 9, 30), parameters: ["attendance_threshold", "no_such"]));
        Assert.StartsWith("phase3 has no parameter 'no_such'; its parameters are: outcome_terms, ", e.Message);
    }
}
