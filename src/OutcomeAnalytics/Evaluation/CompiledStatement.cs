namespace OutcomeAnalytics.Evaluation;

/// <summary>One statement of a compiled framework: a comment naming the model element it came from, its SQL and parameters.</summary>
/// <param name="Comment">What the statement does and which framework, need and measure it came from.</param>
/// <param name="Sql">The SQL text (values are placeholders <c>$1</c>, <c>$2</c>…).</param>
/// <param name="Parameters">The values of the placeholders, in order.</param>
public sealed record CompiledStatement(string Comment, string Sql, IReadOnlyList<object?> Parameters)
{
    /// <summary>The statement as a reader sees it: the comment, the SQL, and the parameter values.</summary>
    public string ToDisplayString()
    {
        var lines = new List<string> { "-- " + Comment.Replace("\n", "\n-- ", StringComparison.Ordinal) };
        if (Parameters.Count > 0)
            lines.Add("-- parameters: " + string.Join(", ", Parameters.Select((p, i) => $"${i + 1} = {Display(p)}")));
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
