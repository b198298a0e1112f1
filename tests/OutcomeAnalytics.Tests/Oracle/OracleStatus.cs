namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>The status of one need, one route or one part (reference rules, "Status of one need").</summary>
internal enum OracleStatus
{
    Met,
    NotMet,
    Pending,
    InsufficientData,
}

/// <summary>How routes, parts and people combine, quoted from the reference rules.</summary>
internal static class Combine
{
    public static string Text(this OracleStatus status) => status switch
    {
        OracleStatus.Met => "met",
        OracleStatus.NotMet => "not_met",
        OracleStatus.Pending => "pending",
        _ => "insufficient_data",
    };

    /// <summary>
    /// "Where a need has several routes (any_of), it is met when any route is met; it is not_met only when every
    /// route has an answer and none is met; a route that is pending or lacks data makes the need pending /
    /// insufficient_data when no other route is met." (Pending is taken before insufficient_data, as for all_of.)
    /// </summary>
    public static OracleStatus AnyOf(params OracleStatus[] routes)
    {
        if (routes.Contains(OracleStatus.Met)) return OracleStatus.Met;
        if (routes.All(r => r == OracleStatus.NotMet)) return OracleStatus.NotMet;
        return routes.Contains(OracleStatus.Pending) ? OracleStatus.Pending : OracleStatus.InsufficientData;
    }

    /// <summary>
    /// "For all_of parts: not_met when any part is not_met; met when every part is met; otherwise pending when any
    /// part is pending, else insufficient_data. A person-scoped need over several people combines the same way."
    /// </summary>
    public static OracleStatus AllOf(IEnumerable<OracleStatus> parts)
    {
        var list = parts.ToList();
        if (list.Contains(OracleStatus.NotMet)) return OracleStatus.NotMet;
        if (list.All(p => p == OracleStatus.Met)) return OracleStatus.Met;
        return list.Contains(OracleStatus.Pending) ? OracleStatus.Pending : OracleStatus.InsufficientData;
    }

    public static OracleStatus AllOf(params OracleStatus[] parts) => AllOf((IEnumerable<OracleStatus>)parts);
}
