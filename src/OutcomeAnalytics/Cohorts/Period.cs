using System.Globalization;
using System.Text.RegularExpressions;

namespace OutcomeAnalytics.Cohorts;

/// <summary>
/// A span of dates, both ends included: a financial year (<c>2025/26</c>: 1 April 2025 to 31 March 2026), one of its
/// quarters (<c>2025/26 Q1</c>: April to June 2025, Q4 January to March 2026), a calendar month (<c>2025-10</c>), or any
/// two dates.
/// </summary>
/// <param name="Label">How reports show it, such as <c>2025/26 Q1</c>.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed partial record Period(string Label, DateOnly From, DateOnly To)
{
    /// <summary>The financial year starting on 1 April of <paramref name="startYear"/>.</summary>
    public static Period FinancialYear(int startYear) =>
        new(YearLabel(startYear), new DateOnly(startYear, 4, 1), new DateOnly(startYear + 1, 3, 31));

    /// <summary>Quarter <paramref name="quarter"/> (1 to 4) of the financial year starting in <paramref name="startYear"/>.</summary>
    public static Period FinancialQuarter(int startYear, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var from = new DateOnly(startYear, 4, 1).AddMonths(3 * (quarter - 1));
        return new($"{YearLabel(startYear)} Q{quarter}", from, from.AddMonths(3).AddDays(-1));
    }

    /// <summary>The financial-year quarter that holds <paramref name="date"/>.</summary>
    public static Period QuarterOf(DateOnly date)
    {
        var startYear = date.Month < 4 ? date.Year - 1 : date.Year;
        return FinancialQuarter(startYear, (date.Month + 8) % 12 / 3 + 1);
    }

    /// <summary>The calendar month <paramref name="month"/> of <paramref name="year"/>, labelled <c>2025-10</c>.</summary>
    public static Period Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new(from.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, from.AddMonths(1).AddDays(-1));
    }

    /// <summary>The <paramref name="count"/> financial quarters up to and including the one holding <paramref name="date"/>, oldest first.</summary>
    public static IReadOnlyList<Period> QuartersEndingAt(DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var last = QuarterOf(date);
        return [.. Enumerable.Range(0, count).Select(k => QuarterOf(last.From.AddMonths(-3 * (count - 1 - k))))];
    }

    /// <summary>True when <paramref name="date"/> falls in the period.</summary>
    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>
    /// Reads <c>2025/26</c> (a financial year), <c>2025/26 Q1</c> (a quarter of it), <c>2025-10</c> (a month) or
    /// <c>2025-04-01..2025-06-30</c> (two dates, both included).
    /// </summary>
    /// <exception cref="FormatException">None of those forms, or an impossible date.</exception>
    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException(
            $"'{text}' is not a period: write a financial year (2025/26), a quarter of one (2025/26 Q1), a month (2025-10) or two dates (2025-04-01..2025-06-30).");

    /// <summary>As <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out Period period)
    {
        period = null!;
        if (text is null) return false;
        text = text.Trim();
        if (YearPattern().Match(text) is { Success: true } y)
        {
            var start = int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture);
            if ((start + 1) % 100 != int.Parse(y.Groups[2].Value, CultureInfo.InvariantCulture)) return false;
            period = y.Groups[3].Success ? FinancialQuarter(start, y.Groups[3].Value[0] - '0') : FinancialYear(start);
            return true;
        }
        if (MonthPattern().Match(text) is { Success: true } m)
        {
            var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            period = Month(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), month);
            return true;
        }
        var ends = text.Split("..");
        if (ends.Length == 2 && Date(ends[0]) is { } from && Date(ends[1]) is { } to && from <= to)
        {
            period = new Period($"{ends[0].Trim()} to {ends[1].Trim()}", from, to);
            return true;
        }
        return false;

        static DateOnly? Date(string s) =>
            DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <inheritdoc />
    public override string ToString() => Label;

    private static string YearLabel(int startYear) => string.Create(CultureInfo.InvariantCulture, $"{startYear}/{(startYear + 1) % 100:00}");

    [GeneratedRegex(@"^(\d{4})/(\d{2})(?:\s+Q([1-4]))?$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();
}
