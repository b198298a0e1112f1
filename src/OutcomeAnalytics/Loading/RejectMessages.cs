using System.Globalization;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Instruments;

namespace OutcomeAnalytics.Loading;

/// <summary>Turns a fault found by the validation SQL into a sentence a person can act on.</summary>
internal sealed partial class RejectMessages(TableValidation validation, InstrumentCatalog instruments)
{
    private TableDefinition Table => validation.Table;

    /// <summary>The column reported, the offending value and the message text (without the file and line).</summary>
    /// <param name="col">The fault's column: <c>f_name</c> for a field rule, <c>check_N</c> for a check, or a column name.</param>
    /// <param name="rule">The rule broken.</param>
    /// <param name="value">Reads a field of the row by column name.</param>
    /// <param name="otherLine">For a duplicate key, the line of the row that was kept.</param>
    public (string Column, string? Value, string Text) Describe(string col, string rule, Func<string, string?> value, int? otherLine)
    {
        if (col.StartsWith("check_", StringComparison.Ordinal))
        {
            var check = Table.Checks[int.Parse(col.AsSpan(6), CultureInfo.InvariantCulture)];
            return DescribeCheck(check, rule, value, name => Clip(value(name)));
        }
        var name = col.StartsWith("f_", StringComparison.Ordinal) ? col[2..] : col;
        if (rule == "duplicate_key")
        {
            var key = string.Join(", ", Table.Key.Select(k => $"{k} '{Clip(value(k)) ?? ""}'"));
            var kept = otherLine is null ? "an earlier row" : $"line {otherLine}";
            return (string.Join("+", Table.Key), null, $"duplicate key ({key}): {kept} has the same key and was kept");
        }
        var column = Table.Column(name) ?? throw new InvalidOperationException($"Unknown column {name} in a fault of {Table.Name}.");
        var v = value(name);
        return (name, v, DescribeField(column, rule, v));
    }

    private string DescribeField(ColumnDefinition c, string rule, string? v)
    {
        var q = $"'{Clip(v)}'";
        return rule switch
        {
            "required" => "is empty, but a value is required",
            "nul_byte" => $"{q} holds a NUL byte (\\u0000), which text never does: the file was damaged or saved by a program that writes binary; remove the byte or export the file again",
            "spreadsheet_error" => $"{q} is a spreadsheet's error value (a formula that failed), not data; correct the formula or leave the cell empty, then save the CSV again",
            "placeholder" => $"{q} stands for a missing value, not an id; leave the cell empty where there is no id",
            "scientific_id" => $"{q} is an id a spreadsheet turned into scientific notation, which loses its last digits; export the file again "
                + "without opening it in a spreadsheet, or format the column as text before the ids go in",
            _ => DescribeTyped(c, rule, v, q) + PlaceholderHint(c, v),
        };
    }

    /// <summary>What is wrong with a value of the column's type, kind or range.</summary>
    private string DescribeTyped(ColumnDefinition c, string rule, string? v, string q)
    {
        return rule switch
        {
            "whitespace" => $"{q} has spaces before or after it; remove them (values are not trimmed silently)",
            "controlled_value" => $"{q} is not one of {string.Join(", ", c.Values)}",
            "date" => $"{q} is not a valid date (expected {validation.DateFormatDisplay}){DateHint(v)}",
            "date_range" => validation.DateRange(c) is { } r
                ? $"{q} is outside the plausible range {Iso(r.Earliest)} to {Iso(r.Latest)}"
                : $"{q} is outside the plausible range",
            "integer" => $"{q} is not a whole number",
            "decimal" => $"{q} is not a number (digits, an optional point and up to 4 decimal places, such as 12.5)",
            "range" => (c.Min, c.Max) switch
            {
                ({ } min, { } max) => $"{q} is outside the allowed range {Num(min)} to {Num(max)}",
                ({ } min, null) => $"{q} is below the minimum of {Num(min)}",
                (null, { } max) => $"{q} is above the maximum of {Num(max)}",
                _ => $"{q} is out of range",
            },
            "boolean" => $"{q} is not a yes/no value (expected true/false, yes/no, y/n or 1/0)",
            "academic_year" => $"{q} is not an academic year (expected the form 2023/24)",
            "pattern" => $"{q} is not {c.PatternMeaning}",
            "reference" => $"{q} is not a {c.References!.Column} in {c.References.Table}.csv",
            "reference_rejected" => $"{q} is in {c.References!.Table}.csv, but that row was rejected",
            _ => $"{q} breaks the rule {rule}",
        };
    }

    /// <summary>
    /// For a word written for a missing value (<c>NULL</c>, <c>N/A</c>, <c>-</c>) that failed a typed column's rule: that a
    /// missing value is an empty cell.
    /// </summary>
    private static string PlaceholderHint(ColumnDefinition c, string? v) =>
        v is null || !TableValidation.Placeholders.Contains(v.ToUpperInvariant()) ? ""
        : c.Required ? $"; {Clip(v)} is not read as a missing value, and this column needs a value"
        : $"; a missing value is an empty cell ({string.Join(", ", TableValidation.Placeholders.SkipLast(1))} and {TableValidation.Placeholders[^1]} are not read as empty)";

    /// <param name="k">The check.</param>
    /// <param name="rule">The rule broken.</param>
    /// <param name="value">A field as written (the value reported).</param>
    /// <param name="shown">A field as quoted in the message (<see cref="Clip"/>).</param>
    private (string Column, string? Value, string Text) DescribeCheck(CheckDefinition k, string rule, Func<string, string?> value, Func<string, string?> shown)
    {
        switch (rule)
        {
            case "sum_equals":
            {
                var parts = k.Parts.Select(p => value(p) ?? "").ToList();
                var sum = parts.Sum(p => long.Parse(p, CultureInfo.InvariantCulture));
                return (k.Total!, value(k.Total!),
                    $"{string.Join(" + ", k.Parts)} = {string.Join(" + ", parts)} = {sum}, but {k.Total} is {shown(k.Total!)}; they must add up");
            }
            case "not_before":
                return (k.Column!, value(k.Column!), $"{k.Column} {shown(k.Column!)} is before {k.Other} {shown(k.Other!)}");
            case "one_required":
                return (k.Columns[0], null, $"{string.Join(" and ", k.Columns)} are all empty; at least one is needed");
            case "unknown_scale":
            {
                var instrument = instruments.Find(value(k.Instrument!) ?? "");
                var scale = value(k.Scale!) ?? Table.Column(k.Scale!)!.Default ?? "total";
                var known = instrument is null ? "" : $" ({string.Join(", ", instrument.Scales.Select(s => s.Scale))})";
                return (k.Scale!, scale, $"'{Clip(scale)}' is not a scale of {instrument?.Id ?? shown(k.Instrument!)}{known}");
            }
            case "score_in_range":
            {
                var instrument = instruments.Find(value(k.Instrument!) ?? "");
                var scaleName = (value(k.Scale!) ?? Table.Column(k.Scale!)!.Default ?? "total").ToLowerInvariant();
                var s = instrument?.Scale(scaleName);
                var range = s is null ? "" : $" ({Num(s.Min)} to {Num(s.Max)})";
                return (k.Score!, value(k.Score!), $"{shown(k.Score!)} is outside the range of {instrument?.Id} {scaleName}{range}");
            }
            case "score_converted":
            {
                var instrument = instruments.Find(value(k.Instrument!) ?? "");
                var raws = instrument?.Conversion.Keys.Order().ToList() ?? [];
                var known = raws.Count == 0 ? "" : $" (whole numbers {Num(raws[0])} to {Num(raws[^1])})";
                return (k.Score!, value(k.Score!), $"{shown(k.Score!)} is not a raw total the {instrument?.Id} conversion table converts{known}");
            }
            default:
                return (k.ReportedColumn, null, $"the row breaks the rule {rule}");
        }
    }

    /// <summary>
    /// What a date that could not be read looks like, when that helps: another order of day, month and year (the
    /// <c>--date-format</c> to load with, when every date of the load is written so), or a spreadsheet's date serial number.
    /// </summary>
    private string DateHint(string? v)
    {
        if (v is null) return "";
        if (DateLike().Match(v) is { Success: true } m)
        {
            var (first, second, separator) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[2].Value);
            var format = first > 12 || second <= 12 ? $"DD{separator}MM{separator}YYYY" : $"MM{separator}DD{separator}YYYY";
            return format == validation.DateFormatDisplay ? "" : $"; it looks like {format}: if every date of the load is written so, load with --date-format {format}";
        }
        if (SerialLike().IsMatch(v) && int.Parse(v, CultureInfo.InvariantCulture) is >= 1 and <= 109_574)
            return $"; it looks like a spreadsheet's date serial number ({v} is {Iso(new DateOnly(1899, 12, 30).AddDays(int.Parse(v, CultureInfo.InvariantCulture)))}): "
                + "format the column as a date before saving the CSV";
        return "";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{1,2})([/.-])(\d{1,2})\2\d{4}$")]
    private static partial System.Text.RegularExpressions.Regex DateLike();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,6}$")]
    private static partial System.Text.RegularExpressions.Regex SerialLike();

    /// <summary>Values quoted in messages are cut to this many characters (the rejects keep them whole).</summary>
    internal const int ShownLength = 80;

    /// <summary>
    /// A value as a message quotes it: control characters (which could move a terminal's cursor or hide text) written
    /// as <c>\u001B</c> and so on, and a value longer than <paramref name="length"/> (<see cref="ShownLength"/>) cut, saying how long it was.
    /// </summary>
    internal static string? Clip(string? value, int length = ShownLength)
    {
        if (value is null) return null;
        var text = new System.Text.StringBuilder();
        foreach (var ch in value.Length > length ? value[..length] : value)
            if (char.IsControl(ch) || ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
            else text.Append(ch);
        if (value.Length > length)
            text.Append(CultureInfo.InvariantCulture, $"… ({value.Length:N0} characters)");
        return text.ToString();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Num(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
