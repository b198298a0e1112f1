using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Review;

/// <summary>Claimable families with one parameter at one value (every other at its default).</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Value">Its value, as <c>--param</c> takes it.</param>
/// <param name="Claimable">Families claimable with that value.</param>
/// <param name="Change">The difference from the default's claimable families.</param>
public sealed record SensitivityRow(string Parameter, string Value, int Claimable, int Change);

/// <summary>
/// One-at-a-time sensitivity of a framework's claims to its parameters: each parameter varied over its documented
/// alternatives and bounds (<see cref="Values"/>), every other at its default.
/// </summary>
public sealed class Sensitivity
{
    private Sensitivity(Framework framework, DateOnly asAt, int baseline, IReadOnlyList<SensitivityRow> rows) =>
        (Framework, AsAt, Baseline, Rows) = (framework, asAt, baseline, rows);

    /// <summary>The framework.</summary>
    public Framework Framework { get; }
    /// <summary>The evaluation date.</summary>
    public DateOnly AsAt { get; }
    /// <summary>Claimable families with every parameter at its default.</summary>
    public int Baseline { get; }
    /// <summary>One row per parameter and value tried, in the framework's parameter order.</summary>
    public IReadOnlyList<SensitivityRow> Rows { get; }

    /// <summary>
    /// The values a parameter is tried at, each as <c>--param</c> takes it, the default left out: its documented
    /// <c>alternatives</c> when the model gives any (with a number's bounds, <c>min</c> and <c>max</c>, in order); otherwise a choice's other
    /// choices; a boolean's other value; a number's bounds (<c>min</c>, <c>max</c>) and, within them, half and one and a
    /// half times the default (whole numbers for an integer; only the bounds when the default is 0); a list without each of its items in turn.
    /// </summary>
    public static IReadOnlyList<string> Values(ParameterDefinition parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var values = new List<string>();
        if (parameter.Alternatives.Count > 0)
        {
            values.AddRange(parameter.Alternatives.Select(ParameterDefinition.Format));
            if (parameter.Type is ParameterType.Integer or ParameterType.Number)
            {
                // A number's documented alternatives and its bounds, in order.
                var numbers = parameter.Alternatives.Select(a => Convert.ToDecimal(a, CultureInfo.InvariantCulture))
                    .Concat(new[] { parameter.Minimum, parameter.Maximum }.OfType<decimal>()).Distinct().Order();
                values = [.. numbers.Select(v => v.ToString("0.############", CultureInfo.InvariantCulture))];
            }
        }
        else switch (parameter.Type)
        {
            case ParameterType.Choice:
                values.AddRange(parameter.Choices);
                break;
            case ParameterType.Boolean:
                values.Add((bool)parameter.Default ? "false" : "true");
                break;
            case ParameterType.List:
                var items = ParameterDefinition.Format(parameter.Default).Split(',').ToList();
                if (items.Count > 1) values.AddRange(items.Select(drop => string.Join(",", items.Where(i => i != drop))));
                break;
            case ParameterType.Integer or ParameterType.Number:
                var d = Convert.ToDecimal(parameter.Default, CultureInfo.InvariantCulture);
                var candidates = new List<decimal>();
                if (parameter.Minimum is { } min) candidates.Add(min);
                if (d != 0) candidates.AddRange([d / 2, d * 3 / 2]);
                if (parameter.Maximum is { } max) candidates.Add(max);
                values.AddRange(candidates
                    .Select(v => parameter.Type == ParameterType.Integer ? Math.Round(v, MidpointRounding.AwayFromZero) : v)
                    .Where(v => (parameter.Minimum is null || v >= parameter.Minimum) && (parameter.Maximum is null || v <= parameter.Maximum))
                    .Order().Select(v => v.ToString("0.############", CultureInfo.InvariantCulture)));
                break;
        }
        var defaultText = ParameterDefinition.Format(parameter.Default);
        return [.. values.Distinct(StringComparer.Ordinal).Where(v => v != defaultText)];
    }

    /// <summary>
    /// Evaluates <paramref name="framework"/> at its defaults and then once per parameter value (<see cref="Values"/>),
    /// decisions only, of the needs the extract identifies (the same claims as a whole run). A value a measure cannot
    /// use with the others at their defaults is left out.
    /// </summary>
    /// <param name="connection">A loaded database.</param>
    /// <param name="framework">The framework.</param>
    /// <param name="asAt">The evaluation date.</param>
    /// <param name="onValue">Told each parameter and value as it is tried (for progress).</param>
    /// <param name="parameters">The parameters varied, by name (null or empty: every parameter of the framework).</param>
    /// <exception cref="ArgumentException">A name in <paramref name="parameters"/> is not a parameter of the framework.</exception>
    public static Sensitivity Run(DuckDBConnection connection, Framework framework, DateOnly asAt, Action<string, string>? onValue = null,
        IReadOnlyCollection<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(framework);
        var varied = framework.Parameters.ToList();
        if (parameters is { Count: > 0 })
        {
            var unknown = parameters.Where(n => framework.Parameters.All(p => p.Name != n)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"{framework.Id} has no parameter {string.Join(", ", unknown.Select(n => $"'{n}'"))}; its parameters are: "
                    + string.Join(", ", framework.Parameters.Select(p => p.Name)) + ".", nameof(parameters));
            varied = [.. varied.Where(p => parameters.Contains(p.Name))];
        }
        var identified = Evaluator.NeedsIdentified(connection, framework);
        int Claimable(ParameterSet set)
        {
            using var evaluation = Evaluator.Run(connection, framework, set, asAt, details: false, onlyNeeds: identified);
            return evaluation.Claims.Count(c => c.Status == "claimable");
        }
        var baseline = Claimable(framework.Bind());
        var rows = new List<SensitivityRow>();
        foreach (var parameter in varied)
            foreach (var value in Values(parameter))
            {
                ParameterSet bound;
                try
                {
                    bound = framework.Bind([new(parameter.Name, value)]);
                }
                catch (FormatException)
                {
                    continue;
                }
                onValue?.Invoke(parameter.Name, value);
                var claimable = Claimable(bound);
                rows.Add(new SensitivityRow(parameter.Name, value, claimable, claimable - baseline));
            }
        return new Sensitivity(framework, asAt, baseline, rows);
    }

    /// <summary>Writes <c>parameter,value,claimable,change</c>, the defaults first (parameter <c>(defaults)</c>), raw counts for the data team.</summary>
    public void WriteCsv(TextWriter writer, bool raw = false) =>
        CsvFile.Write(writer, ["parameter", "value", "claimable", "change"],
            Rows.Select(r => new object?[] { r.Parameter, r.Value, r.Claimable, r.Change }).Prepend(["(defaults)", "", Baseline, 0]), raw);

    /// <summary>
    /// Each parameter's lowest and highest claimable count over its values (the default's count included), for
    /// <see cref="Charts.Tornado"/>: counts through <paramref name="control"/> first, a hidden count drawn as the
    /// threshold it lies below. Parameters that change nothing are left out.
    /// </summary>
    public IReadOnlyList<SensitivityRange> Ranges(DisclosureControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        double Shown(int count) => control.Protect(count).Value ?? control.Threshold;
        return [.. Rows.GroupBy(r => r.Parameter, StringComparer.Ordinal)
            .Select(g => (g.Key, Low: Math.Min(Baseline, g.Min(r => r.Claimable)), High: Math.Max(Baseline, g.Max(r => r.Claimable))))
            .Where(x => x.Low != x.High)
            .Select(x => new SensitivityRange(x.Key, Shown(x.Low), Shown(x.High)))];
    }

    /// <summary>The tornado chart of <see cref="Ranges"/> around the defaults' claimable families.</summary>
    public Chart Tornado(DisclosureControl control) =>
        Charts.Tornado($"{Framework.Id}: claimable families as each parameter moves over its alternatives ({AsAt:yyyy-MM-dd})", "Parameter", "Claimable families",
            Ranges(control), control.Protect(Baseline).Value ?? control.Threshold, ColumnFormat.Count);
}
