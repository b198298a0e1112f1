namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// How all_of and any_of combine their parts' decisions and reasons, hand-worked on one person's questionnaires:
/// SDQ improved (met), GAD7 got worse (not met), K10 has a baseline but no follow-up and PHQ9 no baseline at all
/// (both insufficient data, each with its own reason). A combination gives every part's reason, in order, when the
/// parts agree; otherwise the reason of its first part whose status is the combination's.
/// </summary>
public sealed class CombinationTests
{
    private const string Met = "A questionnaire score improved from baseline to follow-up.";
    private const string NotMet = "Questionnaire scores did not improve.";
    private const string NoFollowUp = "No follow-up questionnaire at least 28 days after the baseline and on or before 2025-09-30.";
    private const string NoBaseline = "No baseline questionnaire on or before 2024-02-09.";   // A + 30 days

    private static readonly Dictionary<string, (string Rule, string Status, string Reason)> Cases = new()
    {
        ["1.1"] = ("all_of: [SDQ, GAD7, K10]", "not_met", NotMet),
        ["1.2"] = ("all_of: [SDQ, K10, PHQ9]", "insufficient_data", NoFollowUp),
        ["1.3"] = ("all_of: [SDQ, PHQ9, K10]", "insufficient_data", NoBaseline),
        ["1.4"] = ("all_of: [SDQ, SDQ]", "met", Met + " " + Met),
        ["2.1"] = ("any_of: [K10, GAD7, SDQ]", "met", Met),
        ["2.2"] = ("any_of: [GAD7, K10, PHQ9]", "insufficient_data", NoFollowUp),
        ["2.3"] = ("any_of: [GAD7, PHQ9, K10]", "insufficient_data", NoBaseline),
        ["2.4"] = ("any_of: [GAD7, GAD7]", "not_met", NotMet + " " + NotMet),
        // Nested: the any_of is met by SDQ, so the all_of waits on PHQ9.
        ["3.1"] = ("all_of: [{ any_of: [GAD7, SDQ] }, PHQ9]", "insufficient_data", NoBaseline),
        ["3.2"] = ("any_of: [GAD7, { all_of: [SDQ, GAD7] }]", "not_met", NotMet + " " + NotMet),
    };

    [Fact]
    public void Combinations_DecideAndGiveTheReasonOfTheRightParts()
    {
        var framework = Framework();
        var scenario = new Scenario()
            .Family("F1", "2024-01-10", "2024-12-31").Person("F1", "C1", "2010-05-01")
            .Assessment("C1", "SDQ", "2024-01-15", 20).Assessment("C1", "SDQ", "2024-06-15", 12)
            .Assessment("C1", "GAD7", "2024-01-15", 5).Assessment("C1", "GAD7", "2024-06-15", 9)
            .Assessment("C1", "K10", "2024-01-15", 30)
            .Assessment("C1", "PHQ9", "2024-03-01", 12).Assessment("C1", "PHQ9", "2024-06-15", 8);
        foreach (var code in Cases.Keys) scenario.Need("F1", code, "C1");
        var e = scenario.Evaluate(framework, "2025-09-30");
        Assert.All(Cases, c => Assert.Equal((c.Key, c.Value.Status, c.Value.Reason), (c.Key, e.Status("F1", c.Key, "C1"), e.Need("F1", c.Key, "C1").Reason)));
    }

    private static OutcomeAnalytics.Model.Framework Framework()
    {
        static string Rule(string rule) => System.Text.RegularExpressions.Regex.Replace(rule, @"\b(SDQ|GAD7|K10|PHQ9)\b", "{ measure: instrument_improvement, instruments: [$1] }");
        return QuestionnaireFramework.Parse("combinations.yaml",
            string.Join("\n", Cases.Select(c => $"  - {{ code: \"{c.Key}\", headline: 1, title: t, scope: person, rule: {{ {Rule(c.Value.Rule)} }} }}")));
    }
}
