using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Review;

/// <summary>What kind of element of a framework differs.</summary>
public enum DifferenceKind
{
    /// <summary>A parameter: its default, type, bounds or choices, or it exists in one framework only.</summary>
    Parameter,
    /// <summary>A need: its rule, scope, title or headline, or it exists in one framework only.</summary>
    Need,
    /// <summary>The eligibility rule (minimum count, what is counted, prerequisites).</summary>
    Eligibility,
    /// <summary>When a claim falls due.</summary>
    Claim,
    /// <summary>A headline outcome's title, or a headline in one framework only.</summary>
    Headline,
}

/// <summary>One element that differs between two frameworks, with how each states it (null where absent).</summary>
/// <param name="Kind">What kind of element.</param>
/// <param name="Name">Its name: the parameter's name, the need's code, the headline's number, or <c>eligibility</c> / <c>claim</c>.</param>
/// <param name="Aspect">What differs: <c>default</c>, <c>rule</c>, <c>scope</c>, <c>title</c>, <c>headline</c>, <c>definition</c>, or <c>present</c> for an element of one framework only.</param>
/// <param name="A">The first framework's statement, or null when it lacks the element.</param>
/// <param name="B">The second framework's statement, or null when it lacks the element.</param>
public sealed record RuleDifference(DifferenceKind Kind, string Name, string Aspect, string? A, string? B)
{
    /// <summary>The element as a reader names it: <c>parameter attendance_threshold</c>, <c>need 7.2</c>, <c>eligibility</c>.</summary>
    public string Element => Kind switch
    {
        DifferenceKind.Eligibility or DifferenceKind.Claim => Name,
        _ => $"{Kind.ToString().ToLowerInvariant()} {Name}",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Element} ({Aspect}): {A ?? "(absent)"} → {B ?? "(absent)"}";
}

/// <summary>Rule by rule, what differs between two frameworks: for a framework built on another, exactly its changes.</summary>
public static class FrameworkDiff
{
    /// <summary>
    /// Every difference, in order: parameters (in <paramref name="a"/>'s order, then those only in <paramref name="b"/>),
    /// eligibility, claim, headlines, needs (likewise). Elements stated identically are left out.
    /// </summary>
    public static IReadOnlyList<RuleDifference> Compare(Framework a, Framework b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var list = new List<RuleDifference>();
        foreach (var name in Union(a.Parameters.Select(p => p.Name), b.Parameters.Select(p => p.Name)))
        {
            var (pa, pb) = (a.Parameters.FirstOrDefault(p => p.Name == name), b.Parameters.FirstOrDefault(p => p.Name == name));
            if (pa is null || pb is null) list.Add(new(DifferenceKind.Parameter, name, "present", pa is null ? null : Describe(pa), pb is null ? null : Describe(pb)));
            else if (!Equals(ParameterDefinition.Format(pa.Default), ParameterDefinition.Format(pb.Default)))
                list.Add(new(DifferenceKind.Parameter, name, "default", ParameterDefinition.Format(pa.Default), ParameterDefinition.Format(pb.Default)));
            else if (Definition(pa) != Definition(pb)) list.Add(new(DifferenceKind.Parameter, name, "definition", Definition(pa), Definition(pb)));
        }
        var (ea, eb) = (Eligibility(a.Eligibility), Eligibility(b.Eligibility));
        if (ea != eb) list.Add(new(DifferenceKind.Eligibility, "eligibility", "rule", ea, eb));
        if (a.ClaimDueMonths.ToString() != b.ClaimDueMonths.ToString())
            list.Add(new(DifferenceKind.Claim, "claim", "due months after closure", a.ClaimDueMonths.ToString(), b.ClaimDueMonths.ToString()));
        var (oa, ob) = (string.Join(", ", a.ClaimOrMet), string.Join(", ", b.ClaimOrMet));
        if (oa != ob) list.Add(new(DifferenceKind.Claim, "claim", "claimable when met alone", oa.Length == 0 ? null : oa, ob.Length == 0 ? null : ob));
        foreach (var number in Union(a.Headlines.Select(h => h.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), b.Headlines.Select(h => h.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            var (ha, hb) = (a.Headlines.FirstOrDefault(h => h.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == number), b.Headlines.FirstOrDefault(h => h.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == number));
            if (ha?.Title != hb?.Title) list.Add(new(DifferenceKind.Headline, number, ha is null || hb is null ? "present" : "title", ha?.Title, hb?.Title));
        }
        foreach (var code in Union(a.Needs.Select(n => n.Code), b.Needs.Select(n => n.Code)))
        {
            var (na, nb) = (a.Need(code), b.Need(code));
            if (na is null || nb is null)
            {
                list.Add(new(DifferenceKind.Need, code, "present", na is null ? null : Describe(na), nb is null ? null : Describe(nb)));
                continue;
            }
            if (na.Title != nb.Title) list.Add(new(DifferenceKind.Need, code, "title", na.Title, nb.Title));
            if (na.Headline != nb.Headline) list.Add(new(DifferenceKind.Need, code, "headline", Invariant(na.Headline), Invariant(nb.Headline)));
            if (na.Scope != nb.Scope) list.Add(new(DifferenceKind.Need, code, "scope", ScopeName(na.Scope), ScopeName(nb.Scope)));
            var (ra, rb) = (RuleText(na.Rule), RuleText(nb.Rule));
            if (ra != rb) list.Add(new(DifferenceKind.Need, code, "rule", ra, rb));
        }
        return list;
    }

    /// <summary>
    /// A rule as one line: <c>any_of(evidence, instrument_improvement(instruments=[SDQ]))</c>; a measure's arguments by
    /// name, each as written (a literal, or <c>$parameter</c>). Two rules read the same exactly when their texts are equal.
    /// </summary>
    public static string RuleText(RuleNode node) => node switch
    {
        AllOf all => $"all_of({string.Join(", ", all.Parts.Select(RuleText))})",
        AnyOf any => $"any_of({string.Join(", ", any.Routes.Select(RuleText))})",
        MeasureNode m when m.Arguments.Count == 0 => m.Kind,
        MeasureNode m => $"{m.Kind}({string.Join(", ", m.Arguments.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}={x.Value}"))})",
        _ => node.ToString(),
    };

    private static IEnumerable<string> Union(IEnumerable<string> a, IEnumerable<string> b) => a.Concat(b).Distinct(StringComparer.Ordinal);

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ScopeName(Scope scope) => scope == Scope.YoungPerson ? "young_person" : scope.ToString().ToLowerInvariant();

    private static string Describe(ParameterDefinition p) => $"{ParameterDefinition.Format(p.Default)} ({Definition(p)})";

    private static string Definition(ParameterDefinition p) =>
        p.Type.ToString().ToLowerInvariant() + (p.Choices.Count > 0 ? ": " + string.Join(" | ", p.Choices) : "") + (p.Range.Length > 0 ? ", " + p.Range : "");

    private static string Describe(NeedDefinition n) => $"{n.Title} [{ScopeName(n.Scope)}] {RuleText(n.Rule)}";

    private static string Eligibility(EligibilityRule e) =>
        $"at least {e.MinNeeds} {e.Count}; prerequisites: {(e.Prerequisites.Count == 0 ? "none" : string.Join(", ", e.Prerequisites))}";
}
