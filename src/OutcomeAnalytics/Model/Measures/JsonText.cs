using OutcomeAnalytics.Formats;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// SQL that builds a decision's detail as one DuckDB value, objects as structs and arrays as lists of structs, and
/// writes it as JSON text once, with <c>to_json</c> (<see cref="Render"/>). Keys are names from the code (checked),
/// never values; values are SQL expressions, so <c>to_json</c> escapes strings, writes dates as "YYYY-MM-DD" and
/// NULL as <c>null</c>.
/// <para>
/// A detail is built as one struct, its lists sorted by <c>list_sort</c>, and rendered once per row, rather than
/// with DuckDB's JSON builder (<c>json_object</c>, <c>to_json(list(...))</c>) and ordered aggregates or as text
/// concatenated from each field's <c>to_json</c>: the same bytes for the least work per row.
/// </para>
/// </summary>
internal static class JsonText
{
    /// <summary>A JSON object: each field's value is a SQL expression (a scalar, <see cref="Obj"/> or a list of them).</summary>
    public static string Obj(params (string Key, string Value)[] fields) =>
        "struct_pack(" + string.Join(", ", fields.Select(f => $"\"{Key(f.Key)}\" := {f.Value}")) + ")";

    /// <summary>A detail value (<see cref="Obj"/>) as JSON text.</summary>
    public static string Render(string value) => $"CAST(to_json({value}) AS VARCHAR)";

    /// <summary>A scalar SQL value as JSON text, for SQL that assembles JSON from pieces: NULL as <c>null</c>.</summary>
    public static string Text(string sql) => $"coalesce({Render(sql)}, 'null')";

    /// <summary>
    /// An aggregate: the list of <paramref name="item"/> over the group's rows (where <paramref name="filter"/>
    /// holds), ordered by <paramref name="orderBy"/> and then by the item itself, so the order is the same on every
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
        return $"list_transform(list_sort({list}), lambda x: x[{orderBy.Length + 1}])";
    }

    /// <summary>One field (<paramref name="field"/>) of each struct in a sorted list column; NULL when the list is NULL (use <see cref="OrEmpty"/>).</summary>
    public static string ListOf(string list, string field) => $"list_transform({list}, lambda x: x.{Key(field)})";

    /// <summary>A list that may be NULL (no rows), as an empty list.</summary>
    public static string OrEmpty(string list) => $"coalesce({list}, [])";

    private static string Key(string key) => Identifier.Checked(key, "a JSON key name of the model");
}
