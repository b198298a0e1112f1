using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Evaluation;

/// <summary>One statement of a compiled framework: a comment naming the model element it came from, its SQL and parameters.</summary>
/// <param name="Comment">What the statement does and which framework, need and measure it came from.</param>
/// <param name="Sql">The SQL text (values are placeholders <c>$1</c>, <c>$2</c>…).</param>
/// <param name="Parameters">The values of the placeholders, in order.</param>
public sealed record CompiledStatement(string Comment, string Sql, IReadOnlyList<object?> Parameters)
{
    /// <summary>
    /// Reference data from the model (instrument scales, the rule layout…): rows written into the temporary table
    /// <see cref="Table"/> that <see cref="Sql"/> creates, through DuckDB's appender, so that the statements reading it
    /// join a table rather than carry each value as a parameter. Empty for other statements.
    /// </summary>
    public IReadOnlyList<object?[]> Rows { get; init; } = [];

    /// <summary>The temporary table <see cref="Rows"/> are written to, or null.</summary>
    public string? Table { get; init; }

    /// <summary>A statement creating the temporary table <paramref name="table"/> (<paramref name="columns"/>: names and types) holding <paramref name="rows"/>.</summary>
    internal static CompiledStatement Reference(string comment, string table, string columns, IEnumerable<object?[]> rows) =>
        new(comment, $"CREATE OR REPLACE TEMP TABLE {table} ({columns})", []) { Table = table, Rows = [.. rows] };

    /// <summary>Runs the statement on <paramref name="connection"/>, and writes its reference rows.</summary>
    internal void Run(DuckDBConnection connection)
    {
        connection.Execute(Sql, [.. Parameters]);
        if (Table is null) return;
        using var appender = connection.CreateAppender("temp", "main", Table);
        foreach (var row in Rows)
        {
            var r = appender.CreateRow();
            foreach (var value in row)
                r = value switch
                {
                    null => r.AppendNullValue(),
                    string s => r.AppendValue(s),
                    bool b => r.AppendValue(b),
                    int i => r.AppendValue(i),
                    decimal d => r.AppendValue(d),
                    string[] list => r.AppendValue(list),
                    _ => throw new ArgumentException($"A reference row of {Table} holds a {value.GetType().Name}, which it cannot write."),
                };
            r.EndRow();
        }
    }

    /// <summary>The statement as a reader sees it: the comment, the SQL, and the parameter values (or the number of reference rows).</summary>
    public string ToDisplayString()
    {
        var lines = new List<string> { "-- " + Comment.Replace("\n", "\n-- ", StringComparison.Ordinal) };
        if (Parameters.Count > 0)
            lines.Add("-- parameters: " + string.Join(", ", Parameters.Select((p, i) => $"${i + 1} = {Display(p)}")));
        if (Table is not null)
            lines.Add($"-- then {Rows.Count} row(s) of reference data written into {Table}");
        lines.Add(Sql.TrimEnd() + ";");
        return string.Join("\n", lines);
    }

    private static string Display(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
