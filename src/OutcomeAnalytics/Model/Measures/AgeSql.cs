namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Ages in SQL, reckoned one way everywhere: the dates compared as the numbers yyyymmdd, so that someone born on
/// 29 February has their birthday on 1 March in a year that is not a leap year (DuckDB's date + 18 years would give
/// 28 February).
/// </summary>
internal static class AgeSql
{
    /// <summary>SQL true when a person born on <paramref name="birth"/> is under 18 on <paramref name="date"/>, false when 18 or over, NULL when the date of birth is unknown.</summary>
    public static string YoungAt(string birth, string date) => $"{DateNumbersApart(birth, date)} < 180000";

    /// <summary>
    /// SQL true when a person born on <paramref name="birth"/> is under <paramref name="years"/> (an integer SQL
    /// expression, such as a placeholder) on <paramref name="date"/>; NULL when either date is unknown.
    /// </summary>
    public static string UnderAgeAt(string birth, string date, string years) => $"{DateNumbersApart(birth, date)} < {years} * 10000";

    /// <summary>SQL for the whole years a person born on <paramref name="birth"/> has lived on <paramref name="date"/> (below 0 before the birth; NULL when either date is unknown).</summary>
    public static string YearsAt(string birth, string date) => $"CAST(floor(({DateNumbersApart(birth, date)}) / 10000) AS INTEGER)";

    /// <summary>The date minus the birth, each as the number yyyymmdd: at least N0000 once N years old.</summary>
    private static string DateNumbersApart(string birth, string date) =>
        $"(year({date}) * 10000 + month({date}) * 100 + day({date})) - (year({birth}) * 10000 + month({birth}) * 100 + day({birth}))";
}
