using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// A framework of one need <c>X</c> with the given rule and scope, and the parameters the phase 2 plans share
/// (3 outcome and 3 baseline terms, attendance excluding authorised absence, a 6-month post-closure window).
/// </summary>
internal static class OneRuleFramework
{
    public static Framework With(string rule, string scope = "child", string claim = "") => FrameworkLoader.Parse("one-rule.yaml", FrameworkYaml.Framework("one-rule", "One rule",
        [
            .. FrameworkYaml.Terms(3),
            "{ name: attendance_weighting, type: choice, default: sessions, choices: [sessions, mean_of_terms], meaning: m }",
            "{ name: authorised_absence_counts, type: boolean, default: false, meaning: m }",
            "{ name: post_closure_months, type: integer, default: 6, meaning: m }",
            "{ name: pre_closure_months, type: integer, default: 1, meaning: m }",
            "{ name: require_verified, type: boolean, default: false, meaning: m }",
        ],
        $$"""
          - { code: X, headline: 1, title: X, scope: {{scope}}, rule: {{rule}} }
          - { code: Y, headline: 1, title: Y, scope: person, rule: { measure: evidence } }
        """,
        claim: $"{{ due_months_after_closure: 6{claim} }}"));
}
