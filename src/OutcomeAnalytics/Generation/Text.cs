using System.Globalization;

namespace OutcomeAnalytics.Generation;

/// <summary>Invariant text for the values the generator writes, with the common ones cached (dates, small numbers).</summary>
internal static class Text
{
    private static readonly DateOnly CacheFrom = new(1900, 1, 1);
    private static readonly string?[] Dates = new string?[(new DateOnly(2101, 1, 1).DayNumber - CacheFrom.DayNumber)];
    private static readonly string[] Numbers = [.. Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The ISO date (YYYY-MM-DD).</summary>
    public static string Date(DateOnly d)
    {
        var i = d.DayNumber - CacheFrom.DayNumber;
        if ((uint)i >= (uint)Dates.Length) return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Benign race: two threads may both format the same date; either string is correct.
        return Dates[i] ??= d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A date or empty.</summary>
    public static string? Date(DateOnly? d) => d is { } v ? Date(v) : null;

    /// <summary>An integer.</summary>
    public static string Int(int n) => (uint)n < (uint)Numbers.Length ? Numbers[n] : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A decimal with at most one decimal place (half days, scores).</summary>
    public static string Half(double n) => n == Math.Floor(n) ? Int((int)n) : n.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>An academic year such as 2023/24 from its starting year.</summary>
    public static string AcademicYear(int startYear) =>
        string.Create(CultureInfo.InvariantCulture, $"{startYear}/{(startYear + 1) % 100:D2}");

    /// <summary>A boolean as yes/no.</summary>
    public static string YesNo(bool b) => b ? "yes" : "no";
}
