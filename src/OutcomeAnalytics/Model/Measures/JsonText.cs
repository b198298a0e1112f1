using System.Text.RegularExpressions;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// SQL that writes a decision's detail as JSON text with string functions, rather than through DuckDB's JSON
/// builder (<c>json_object</c>, <c>to_json(list(...))</c>) and ordered aggregates. At national scale those were the
/// largest cost of an evaluation. Measured at national scale (1.2 million evidence rows for 1.3 million subjects):
/// the ordered aggregate took 9.0 s where <c>list_sort</c> took 1.4 s for the same list, and the evidence
/// statement as a whole went from 6.1 s to 3.1 s, for the same JSON.
/// Keys are names from the code (checked), never values; every value goes through <c>to_json</c>, so strings are
/// escaped and NULL is written <c>null</c>.
/// </summary>
internal static partial class JsonText
{
    /// <summary>
    /// A JSON object: each field's value is SQL yielding JSON text that is never NULL (<see cref="Val"/>,
    /// <see cref="OrEmpty"/>, <see cref="Obj"/>). Written as one <c>concat</c>, which builds the text in one piece:
    /// a chain of <c>||</c> makes a string per step and measured 1.5 times slower on a six-field object.
    /// </summary>
    public static string Obj(params (string Key, string Json)[] fields)
    {
        var parts = fields.Select((f, i) => $"'{(i == 0 ? "{" : ",")}\"{Key(f.Key)}\":', {f.Json}");
        return "concat(" + string.Join(", ", parts) + ", '}')";
    }

    /// <summary>A scalar SQL value as JSON text: strings quoted and escaped, dates as "YYYY-MM-DD", NULL as null.</summary>
    public static string Val(string sql) => $"coalesce(CAST(to_json({sql}) AS VARCHAR), 'null')";

    /// <summary>
    /// An aggregate: the JSON array of <paramref name="item"/> over the group's rows (where <paramref name="filter"/>
    /// holds), ordered by <paramref name="orderBy"/> and then by the item's text, so the order is the same on every
    /// run; NULL when no row counts (use <see cref="OrEmpty"/>).
    /// </summary>
    public static string Items(string item, string? filter, params string[] orderBy) => ItemList(false, item, filter, orderBy);

    /// <summary>
    /// As <see cref="Items"/>, each distinct item once: for records a join repeats (a term once per exclusion in it).
    /// </summary>
    public static string DistinctItems(string item, params string[] orderBy) => ItemList(true, item, null, orderBy);

    private static string ItemList(bool distinct, string item, string? filter, string[] orderBy)
    {
        var keys = string.Join(", ", orderBy);
        var list = $"list({(distinct ? "DISTINCT " : "")}({keys}, {item})){(filter is null ? "" : $" FILTER (WHERE {filter})")}";
        return $"('[' || array_to_string(list_transform(list_sort({list}), lambda x: x[{orderBy.Length + 1}]), ',') || ']')";
    }

    /// <summary>
    /// The JSON array of one field (<paramref name="field"/>, JSON text) of each struct in a sorted list column;
    /// NULL when the list is NULL (use <see cref="OrEmpty"/>).
    /// </summary>
    public static string ListOf(string list, string field) => $"('[' || array_to_string(list_transform({list}, lambda x: x.{Key(field)}), ',') || ']')";

    /// <summary>An array column that may be NULL (no rows), as JSON text.</summary>
    public static string OrEmpty(string array) => $"coalesce({array}, '[]')";

    private static string Key(string key) => KeyPattern().IsMatch(key) ? key : throw new ArgumentException($"'{key}' is not a JSON key name of the model.", nameof(key));

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
