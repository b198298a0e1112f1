using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Review;

/// <summary>One framework as the list of frameworks shows it.</summary>
/// <param name="Id">The id <c>--framework</c> takes.</param>
/// <param name="Title">The title.</param>
/// <param name="Base">The framework it is written as changes to, or null.</param>
/// <param name="Needs">How many needs (or problems) it has.</param>
/// <param name="Headlines">How many headlines.</param>
/// <param name="Crosswalk">Whether a crosswalk carries its needs to and from phase 3 (phase 3 itself: true).</param>
public sealed record FrameworkSummary(string Id, string Title, string? Base, int Needs, int Headlines, bool Crosswalk);

/// <summary>The frameworks side by side, for <c>outcomes frameworks</c> and the review notebook.</summary>
public static class FrameworkCatalog
{
    /// <summary>A framework's summary.</summary>
    public static FrameworkSummary Summarise(Framework framework)
    {
        ArgumentNullException.ThrowIfNull(framework);
        return new FrameworkSummary(framework.Id, framework.Title, framework.Extends, framework.Needs.Count, framework.Headlines.Count,
            framework.Id == Model.Crosswalk.Hub || CrosswalkLoader.Find(framework.Id) is not null);
    }

    /// <summary>The built-in frameworks, phase 3 first.</summary>
    public static IReadOnlyList<FrameworkSummary> BuiltIn() =>
        [.. FrameworkLoader.BuiltInFrameworks.OrderBy(f => f.Id != Model.Crosswalk.Hub).ThenBy(f => f.Id, StringComparer.Ordinal).Select(Summarise)];

    /// <summary>The summaries as aligned lines of text: a header, then one line per framework.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<FrameworkSummary> frameworks)
    {
        ArgumentNullException.ThrowIfNull(frameworks);
        var idWidth = frameworks.Select(f => f.Id.Length).Append(2).Max() + 2;
        var baseWidth = frameworks.Select(f => (f.Base ?? "-").Length).Append(4).Max() + 2;
        yield return "id".PadRight(idWidth) + "base".PadRight(baseWidth) + "needs".PadLeft(5) + "  title";
        foreach (var f in frameworks)
            yield return f.Id.PadRight(idWidth) + (f.Base ?? "-").PadRight(baseWidth) + f.Needs.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5) + "  " + f.Title;
    }

}
