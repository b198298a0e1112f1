using System.Globalization;
using System.Text;

namespace OutcomeAnalytics.Formats;

/// <summary>SQL text with its parameters, numbered <c>$1</c>, <c>$2</c>… in the text.</summary>
internal sealed class SqlText
{
    private readonly StringBuilder _text = new();
    private readonly List<object?> _parameters = [];

    public object?[] Parameters => [.. _parameters];

    /// <summary>
    /// Adds a parameter and returns its placeholder. A decimal is cast to DECIMAL(38, its own scale), so that it keeps
    /// its type (and its digits in JSON: 0.30 stays 0.30) wherever DuckDB would otherwise infer another type for the
    /// placeholder from its use (DuckDB.NET converts a value to the type DuckDB infers).
    /// </summary>
    public string P(object? value)
    {
        _parameters.Add(value);
        var placeholder = "$" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        return value is decimal d ? $"CAST({placeholder} AS DECIMAL(38,{d.Scale.ToString(CultureInfo.InvariantCulture)}))" : placeholder;
    }

    /// <summary>Adds a parameter that the SQL casts itself (<c>CAST(… AS type)</c>) and returns its bare placeholder.</summary>
    public string Cast(object? value, string type)
    {
        _parameters.Add(value);
        return $"CAST(${_parameters.Count.ToString(CultureInfo.InvariantCulture)} AS {type})";
    }

    public SqlText Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public override string ToString() => _text.ToString();
}
