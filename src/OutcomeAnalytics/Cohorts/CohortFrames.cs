using System.Globalization;
using System.Reflection;
using Microsoft.Data.Analysis;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cohorts;

/// <summary>
/// The cohort explorer's results as Microsoft.Data.Analysis <see cref="DataFrame"/>s, which the notebook kernel shows
/// as tables: a column per field, in the record's order. A protected count is its published text (<c>1,235</c>,
/// <c>&lt;5</c>, <c>[c]</c>); a rate or a difference is three number columns (value, lower, upper; empty when not
/// shown); a date is written YYYY-MM-DD; a list is its items joined with "; ".
/// </summary>
public static class CohortFrames
{
    /// <summary>Cohort counts as a DataFrame.</summary>
    public static DataFrame ToFrame(this IEnumerable<CohortCount> rows) => Frame(rows);

    /// <summary>Rates as a DataFrame.</summary>
    public static DataFrame ToFrame(this IEnumerable<CohortRate> rows) => Frame(rows);

    /// <summary>The families nearly there as a DataFrame.</summary>
    public static DataFrame ToFrame(this IEnumerable<NearlyThereFamily> rows) => Frame(rows);

    /// <summary>Families of the claim pipeline as a DataFrame.</summary>
    public static DataFrame ToFrame(this IEnumerable<PipelineFamily> rows) => Frame(rows);

    /// <summary>Claims falling due by month as a DataFrame.</summary>
    public static DataFrame ToFrame(this IEnumerable<PipelineMonth> rows) => Frame(rows);

    /// <summary>A comparison as a DataFrame: a row per cohort, then the difference (first minus second) in the rate columns.</summary>
    public static DataFrame ToFrame(this CohortComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var difference = comparison.Difference is { } d ? new Proportion(d.Value, d.Lower, d.Upper) : (Proportion?)null;
        var none = new DisclosedCount(null, CellProtection.Shown, "");
        return Frame([comparison.First, comparison.Second, new CohortRate($"Difference ({comparison.First.Label} minus {comparison.Second.Label})", none, none, difference)]);
    }

    private static DataFrame Frame<T>(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var columns = new List<DataFrameColumn>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var values = list.Select(r => property.GetValue(r)).ToList();
            if (type == typeof(Proportion))
            {
                var rates = values.Select(v => (Proportion?)v).ToList();
                var name = property.Name;
                columns.Add(new DoubleDataFrameColumn(name, rates.Select(r => r?.Value)));
                columns.Add(new DoubleDataFrameColumn(name + "Lower", rates.Select(r => r?.Lower)));
                columns.Add(new DoubleDataFrameColumn(name + "Upper", rates.Select(r => r?.Upper)));
            }
            else if (type == typeof(int) || type == typeof(long))
                columns.Add(new Int64DataFrameColumn(property.Name, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture))));
            else
                columns.Add(new StringDataFrameColumn(property.Name, values.Select(Text)));
        }
        return new DataFrame(columns);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DisclosedCount c => c.Text,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s => s,
        IEnumerable<string> items => string.Join("; ", items),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
