namespace OutcomeAnalytics.Evaluation;

/// <summary>
/// How <c>all_of</c> and <c>any_of</c> combine their parts' statuses, as SQL aggregates over a group of parts: the one
/// definition read by a rule's combinations and by a family's claim (a need judged for several people combines them
/// like <c>all_of</c>).
/// <list type="bullet">
/// <item><c>all_of</c>: not_met when any part is, met when all are, else pending when any is, else insufficient_data.</item>
/// <item><c>any_of</c>: met when any route is, not_met when all are, else pending when any is, else insufficient_data.</item>
/// </list>
/// Each has a <em>deciding</em> status that settles it alone (not_met for all_of, met for any_of) and an
/// <em>agreeing</em> one that every part must have (met for all_of, not_met for any_of).
/// </summary>
internal static class RuleCombination
{
    /// <summary>The all_of status of the group's <paramref name="status"/> values.</summary>
    public static string AllOf(string status) => Combined(status, deciding: "not_met", agreeing: "met");

    /// <summary>The any_of status of the group's <paramref name="status"/> values.</summary>
    public static string AnyOf(string status) => Combined(status, deciding: "met", agreeing: "not_met");

    /// <summary>All_of where the boolean <paramref name="isAll"/> (a grouping column) holds, else any_of.</summary>
    public static string Either(string isAll, string status) => $"CASE WHEN {isAll} THEN {AllOf(status)} ELSE {AnyOf(status)} END";

    /// <summary>The status every part has when the parts agree (met for all_of, not_met for any_of).</summary>
    public static string Agreeing(string isAll) => $"CASE WHEN {isAll} THEN 'met' ELSE 'not_met' END";

    /// <summary>
    /// A part's rank by how its status decides the combination: 0 for the deciding status, then pending,
    /// insufficient_data and the agreeing status. The first part, in order, of least rank gives a combination its reason.
    /// </summary>
    public static string Rank(string isAll, string status) =>
        $"CASE {status} WHEN CASE WHEN {isAll} THEN 'not_met' ELSE 'met' END THEN 0 WHEN 'pending' THEN 1 WHEN 'insufficient_data' THEN 2 ELSE 3 END";

    private static string Combined(string status, string deciding, string agreeing) =>
        $"CASE WHEN bool_or({status} = '{deciding}') THEN '{deciding}' WHEN bool_and({status} = '{agreeing}') THEN '{agreeing}' "
        + $"WHEN bool_or({status} = 'pending') THEN 'pending' ELSE 'insufficient_data' END";
}
