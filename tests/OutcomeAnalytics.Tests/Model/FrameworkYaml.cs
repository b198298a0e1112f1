namespace OutcomeAnalytics.Tests.Model;

/// <summary>
/// The text of a small framework file for tests: the header the fixtures share (id, title, version, source,
/// headlines), the parameters given, eligibility, the claim, and the needs given. Each part is on its own line in
/// that order, so the line of a need or parameter in the text is the same for every fixture built with the same
/// number of parameters.
/// </summary>
internal static class FrameworkYaml
{
    /// <summary>One headline, number 1.</summary>
    public const string OneHeadline = "[{ number: 1, title: One }]";

    /// <summary>Eligible with one need identified, counted by need, with no prerequisites.</summary>
    public const string OneNeedEligible = "{ min_needs: 1, count: needs, prerequisites: [] }";

    /// <summary>A claim falls due six months after closure.</summary>
    public const string SixMonthClaim = "{ due_months_after_closure: 6 }";

    /// <summary>The term windows every framework defines (<c>outcome_terms</c>, <c>baseline_terms</c>), each of <paramref name="terms"/> terms.</summary>
    public static IEnumerable<string> Terms(int terms = 2) =>
    [
        $"{{ name: outcome_terms, type: integer, default: {terms}, meaning: m }}",
        $"{{ name: baseline_terms, type: integer, default: {terms}, meaning: m }}",
    ];

    /// <summary>
    /// The framework <paramref name="id"/>: <paramref name="parameters"/> are YAML flow mappings, one list item each;
    /// <paramref name="needs"/> is the text of the <c>needs</c> list, its items indented two spaces.
    /// </summary>
    public static string Framework(string id, string title, IEnumerable<string> parameters, string needs,
        string eligibility = OneNeedEligible, string claim = SixMonthClaim, string headlines = OneHeadline) =>
        string.Join("\n", [
            $"framework: {id}", $"title: {title}", "version: \"1\"", "source: a test", $"headlines: {headlines}", "parameters:",
            .. parameters.Select(p => $"  - {p}"),
            $"eligibility: {eligibility}", $"claim: {claim}", "needs:", needs]);
}
