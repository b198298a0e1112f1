using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace OutcomeAnalytics.Notebooks;

/// <summary>A parameter override that cannot be applied: unknown name, bad syntax or a value of the wrong type.</summary>
public sealed class NotebookParameterException(string message) : Exception(message);

/// <summary>
/// Papermill-style parameters: <c>name=value</c> overrides of the variables declared in the cell tagged
/// <c>parameters</c>, converted to the type of the default and written as C# assignments.
/// </summary>
public static class NotebookParameters
{
    /// <summary>Parses <c>name=value</c> pairs (a later pair for the same name wins).</summary>
    /// <exception cref="NotebookParameterException">A pair has no <c>=</c> or its name is not a C# identifier.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new NotebookParameterException($"--param '{pair}': expected name=value, for example --param year=2024.");
            var name = pair[..equals].Trim();
            if (!SyntaxFacts.IsValidIdentifier(name)) throw new NotebookParameterException($"--param '{pair}': '{name}' is not a C# variable name.");
            result[name] = pair[(equals + 1)..];
        }
        return result;
    }

    /// <summary>
    /// The C# expression for <paramref name="text"/> as a value of <paramref name="type"/>: strings, booleans,
    /// whole and decimal numbers, dates (<c>YYYY-MM-DD</c>), enums (by name) and arrays of those (comma-separated).
    /// </summary>
    /// <exception cref="NotebookParameterException">The text is not a value of the type, or the type cannot be set.</exception>
    public static string ToLiteral(string name, string text, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return text.Length == 0 || text == "null" ? "null" : ToLiteral(name, text, underlying);
        if (type.IsArray && type.GetElementType() is { } element && element != typeof(object))
        {
            var items = text.Length == 0 ? [] : text.Split(',').Select(t => ToLiteral(name, element == typeof(string) ? t : t.Trim(), element));
            return $"new {TypeName(element)}[] {{ {string.Join(", ", items)} }}";
        }
        try
        {
            var value = text.Trim();
            return type switch
            {
                _ when type == typeof(string) => SymbolDisplay.FormatLiteral(text, quote: true),
                _ when type == typeof(bool) => bool.Parse(value) ? "true" : "false",
                _ when type == typeof(int) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                _ when type == typeof(long) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L",
                _ when type == typeof(double) => Finite(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture) + "D",
                _ when type == typeof(decimal) => decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "M",
                _ when type == typeof(DateOnly) => Date(DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
                _ when type.IsEnum => $"{TypeName(type)}.{Enum.GetName(type, Defined(type, Enum.Parse(type, value, ignoreCase: true), value))}",
                _ => throw new NotebookParameterException(
                    $"--param {name}: the parameter has type {type.Name}, which cannot be set from the command line (use string, bool, int, long, double, decimal, DateOnly, an enum or an array of those)."),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new NotebookParameterException($"--param {name}={text}: '{text}' is not {Describe(type)}, the type of the notebook's default.");
        }
    }

    /// <summary>NaN and infinities have no C# literal: they are not numbers a parameter can take.</summary>
    private static double Finite(double value) => double.IsFinite(value) ? value : throw new FormatException();

    /// <summary>
    /// A number that names no member of the enum (Enum.Parse accepts any) is not one of its values, and nor are names joined by
    /// commas, which Enum.Parse combines into another member (Monday, Tuesday is Wednesday).
    /// </summary>
    private static object Defined(Type type, object value, string text) =>
        Enum.IsDefined(type, value) && !text.Contains(',', StringComparison.Ordinal) ? value : throw new FormatException();

    private static string Date(DateOnly date) => $"new global::System.DateOnly({date.Year}, {date.Month}, {date.Day})";

    private static string TypeName(Type type) => "global::" + (type.FullName ?? type.Name).Replace('+', '.');

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(DateOnly) => "a date (YYYY-MM-DD)",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {type.Name}",
    };
}
