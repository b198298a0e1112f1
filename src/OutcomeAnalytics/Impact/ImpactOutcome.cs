namespace OutcomeAnalytics.Impact;

/// <summary>How an outcome's windows are laid out around a family's index date.</summary>
public enum WindowKind
{
    /// <summary>Records dated in the 6 months before the index date (before) and the 6 months from it (after); a placebo
    /// period 6 to 12 months before the index date where the outcome has one.</summary>
    Events,

    /// <summary>Questionnaire sittings: the first from 90 days before to 28 days after the index date (before) and the last
    /// from 29 days to 12 months after it (after). There is no earlier sitting, so no placebo period.</summary>
    Sittings,
}

/// <summary>
/// One impact outcome: what is measured for a family, in which unit, over which windows. Each outcome is defined here
/// once; <see cref="ImpactData"/> computes it for every family with the same SQL for every design.
/// </summary>
/// <param name="Name">The name used on the command line and in outputs.</param>
/// <param name="Unit">The unit of the estimate.</param>
/// <param name="Definition">What the family's value is, in words.</param>
/// <param name="Window">How the windows are laid out around the index date.</param>
/// <param name="HigherIsBetter">Whether a higher value is an improvement.</param>
/// <param name="HasPlacebo">Whether the outcome has an earlier period for the trend check.</param>
public sealed record ImpactOutcome(string Name, string Unit, string Definition, WindowKind Window, bool HigherIsBetter, bool HasPlacebo)
{
    /// <summary>Months in each window of an <see cref="WindowKind.Events"/> outcome.</summary>
    public const int EventWindowMonths = 6;

    /// <summary>Months from the index date to the end of the follow-up window of a <see cref="WindowKind.Sittings"/> outcome.</summary>
    public const int SittingWindowMonths = 12;

    /// <summary>Months from the index date to the end of the follow-up window.</summary>
    public int FollowUpMonths => Window == WindowKind.Events ? EventWindowMonths : SittingWindowMonths;

    /// <summary>Which way is good, in words for a chart: <c>higher is better</c> or <c>lower is better</c>.</summary>
    public string Direction => HigherIsBetter ? "higher is better" : "lower is better";

    /// <summary>School attendance of the family's school-age children.</summary>
    public static ImpactOutcome Attendance { get; } = new("attendance", "percentage points",
        "Sessions attended as a percentage of possible sessions (sessions-weighted) over the family's school-age children's terms whose midpoint falls in the window.",
        WindowKind.Events, HigherIsBetter: true, HasPlacebo: true);

    /// <summary>Police and anti-social behaviour incidents.</summary>
    public static ImpactOutcome Incidents { get; } = new("incidents", "incidents per person per month",
        "Counted incidents (offence, arrest, named suspect, anti-social behaviour) of the family's members dated in the window, divided by the number of members and by 6 months.",
        WindowKind.Events, HigherIsBetter: false, HasPlacebo: true);

    /// <summary>Children's SDQ total difficulties.</summary>
    public static ImpactOutcome Sdq { get; } = new("sdq", "SDQ total difficulties points",
        "The SDQ total difficulties score (0-40, lower is better) of each child and informant: the first sitting of the baseline window and the last of the follow-up window, averaged over the family's children and informants with both.",
        WindowKind.Sittings, HigherIsBetter: false, HasPlacebo: false);

    /// <summary>Adults' WEMWBS wellbeing.</summary>
    public static ImpactOutcome Wemwbs { get; } = new("wemwbs", "WEMWBS points",
        "The WEMWBS total (14-70, higher is better) of each adult: the first sitting of the baseline window and the last of the follow-up window, averaged over the family's adults with both.",
        WindowKind.Sittings, HigherIsBetter: true, HasPlacebo: false);

    /// <summary>Re-referral to children's social care.</summary>
    public static ImpactOutcome Rereferral { get; } = new("rereferral", "proportion of families",
        "1 when the family or one of its members was referred to children's social care in the window (a re-referral once support has begun), otherwise 0.",
        WindowKind.Events, HigherIsBetter: false, HasPlacebo: true);

    /// <summary>Out-of-work adults moving into work.</summary>
    public static ImpactOutcome Employment { get; } = new("employment", "proportion of out-of-work adults",
        "Of the family's adults out of work on the index date (an out-of-work benefit or Universal Credit searching for work, and no job), the share in work 6 months later. Before is 0 by this definition.",
        WindowKind.Events, HigherIsBetter: true, HasPlacebo: false);

    /// <summary>The six outcomes, in the order outputs list them.</summary>
    public static IReadOnlyList<ImpactOutcome> All { get; } = [Attendance, Incidents, Sdq, Wemwbs, Rereferral, Employment];

    /// <summary>The outcome named <paramref name="name"/> (any case); an unknown name lists the known ones.</summary>
    public static ImpactOutcome Get(string name) =>
        All.FirstOrDefault(o => string.Equals(o.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not an impact outcome (expected one of {string.Join(", ", All.Select(o => o.Name))}).", nameof(name));

    /// <summary>The windows in words, for the outputs and the documentation.</summary>
    public string WindowText => Window == WindowKind.Events
        ? $"before: the {EventWindowMonths} months before the index date; after: the {EventWindowMonths} months from it"
            + (HasPlacebo ? $"; trend check: {EventWindowMonths} to {2 * EventWindowMonths} months before" : "")
        : $"before: a sitting from 90 days before to 28 days after the index date; after: the last sitting from 29 days to {SittingWindowMonths} months after it";
}
