using System.Globalization;

namespace OutcomeAnalytics.Model;

/// <summary>The kind of value a model parameter takes.</summary>
public enum ParameterType
{
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>One of a fixed list of words.</summary>
    Choice,
    /// <summary>A list of words (on the command line: comma separated).</summary>
    List,
}

/// <summary>A named choice of a framework's reading, with its default and meaning.</summary>
public sealed record ParameterDefinition(string Name, ParameterType Type, object Default, string Meaning, IReadOnlyList<string> Choices)
{
    /// <summary>
    /// Values a reviewer should also try (the model's <c>alternatives</c>: readings the source text leaves open), each
    /// a value of this parameter; sensitivity tries these in place of its default variations when there are any.
    /// </summary>
    public IReadOnlyList<object> Alternatives { get; init; } = [];

    /// <summary>The least value a number or whole number may take (null: no bound), from the model's <c>min</c>.</summary>
    public decimal? Minimum { get; init; }

    /// <summary>The greatest value a number or whole number may take (null: no bound), from the model's <c>max</c>.</summary>
    public decimal? Maximum { get; init; }

    /// <summary>The bounds in words ("at least 1", "from 0 to 100"), or empty when there are none.</summary>
    public string Range => (Minimum, Maximum) switch
    {
        ({ } min, { } max) => $"from {Format(min)} to {Format(max)}",
        ({ } min, null) => $"at least {Format(min)}",
        (null, { } max) => $"at most {Format(max)}",
        _ => "",
    };

    /// <summary>Parses a value written on the command line or in a file.</summary>
    /// <exception cref="FormatException">The text is not a value of this parameter.</exception>
    public object Parse(string text)
    {
        text = text.Trim();
        switch (Type)
        {
            case ParameterType.Integer:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && InRange(i) ? i : throw Bad(Expected("a whole number"));
            case ParameterType.Number:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && InRange(d) ? d : throw Bad(Expected("a number"));
            case ParameterType.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => true,
                    "false" or "no" or "0" => false,
                    _ => throw Bad("true or false"),
                };
            case ParameterType.Choice:
                return Choices.Contains(text, StringComparer.Ordinal) ? text : throw Bad("one of " + string.Join(", ", Choices));
            default:
                var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (items.Length == 0) throw Bad("a comma-separated list");
                // A list drawn from a controlled vocabulary (incident types, services...): a word outside it would
                // silently match no record, so it is refused.
                if (Choices.Count > 0 && items.FirstOrDefault(x => !Choices.Contains(x, StringComparer.Ordinal)) is { } unknown)
                    throw new FormatException($"'{unknown}' is not a valid value for {Name}: expected a comma-separated list of {string.Join(", ", Choices)}.");
                return items;
        }

        FormatException Bad(string expected) => new($"'{text}' is not a valid value for {Name}: expected {expected}.");
        bool InRange(decimal value) => !(value < Minimum) && !(value > Maximum);
        string Expected(string kind) => Range.Length == 0 ? kind : $"{kind} {Range}";
    }

    /// <summary>A value written back as text.</summary>
    public static string Format(object value) => value switch
    {
        string[] list => string.Join(",", list),
        IEnumerable<string> list => string.Join(",", list),
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>The parameter values of one run: a framework's defaults with any overrides.</summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, object> _values;

    /// <summary>The definitions, in model order.</summary>
    public IReadOnlyList<ParameterDefinition> Definitions { get; }

    /// <summary>The names whose values differ from the default.</summary>
    public IReadOnlyCollection<string> Overridden { get; }

    private ParameterSet(IReadOnlyList<ParameterDefinition> definitions, Dictionary<string, object> values, IReadOnlyCollection<string> overridden)
    {
        Definitions = definitions;
        _values = values;
        Overridden = overridden;
    }

    /// <summary>The defaults with <paramref name="overrides"/> (name → text) applied.</summary>
    /// <exception cref="FormatException">An unknown name or an invalid value; every problem is listed.</exception>
    public static ParameterSet Create(IReadOnlyList<ParameterDefinition> definitions, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var values = definitions.ToDictionary(d => d.Name, d => d.Default, StringComparer.Ordinal);
        var overridden = new List<string>();
        var problems = new List<string>();
        foreach (var (name, text) in overrides ?? [])
        {
            var definition = definitions.FirstOrDefault(d => d.Name == name);
            if (definition is null)
            {
                problems.Add($"'{name}' is not a parameter (known: {string.Join(", ", definitions.Select(d => d.Name))})");
                continue;
            }
            try
            {
                values[name] = definition.Parse(text);
                overridden.Add(name);
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }
        }
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems));
        return new ParameterSet(definitions, values, overridden);
    }

    /// <summary>Parses <c>name=value</c> pairs as given to <c>--param</c>.</summary>
    /// <exception cref="FormatException">A pair has no <c>=</c>.</exception>
    public static IEnumerable<KeyValuePair<string, string>> ParsePairs(IEnumerable<string> pairs) => pairs.Select(p =>
    {
        var at = p.IndexOf('=', StringComparison.Ordinal);
        return at > 0
            ? new KeyValuePair<string, string>(p[..at].Trim(), p[(at + 1)..])
            : throw new FormatException($"'{p}' is not name=value.");
    });

    /// <summary>The value of a parameter.</summary>
    public object this[string name] => _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"No parameter '{name}'.");

    /// <summary>The value as a whole number.</summary>
    public int Int(string name) => Convert.ToInt32(this[name], CultureInfo.InvariantCulture);

    /// <summary>The value as a number.</summary>
    public decimal Number(string name) => Convert.ToDecimal(this[name], CultureInfo.InvariantCulture);

    /// <summary>The value as true or false.</summary>
    public bool Flag(string name) => (bool)this[name];

    /// <summary>The value as text.</summary>
    public string Text(string name) => ParameterDefinition.Format(this[name]);

    /// <summary>The value as a list of words.</summary>
    public IReadOnlyList<string> List(string name) => this[name] switch
    {
        string[] a => a,
        IEnumerable<string> e => [.. e],
        var v => [ParameterDefinition.Format(v)],
    };
}
