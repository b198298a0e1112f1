using System.Globalization;
using System.Text;
using OutcomeAnalytics.Instruments;

namespace OutcomeAnalytics.Dictionary;

/// <summary>Renders the data dictionary as readable Markdown (<c>data-dictionary/README.md</c> is this output).</summary>
public static class DictionaryDocs
{
    /// <summary>The Markdown page for a dictionary.</summary>
    public static string Render(DataDictionary dictionary, InstrumentCatalog? instruments = null)
    {
        instruments ??= InstrumentCatalog.Default;
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("# Data dictionary");
        Line();
        Line("<!-- Generated from data-dictionary/tables/*.yaml by `outcomes dictionary docs`. Do not edit by hand: edit the YAML and regenerate. -->");
        Line();
        Line("The tables a council's extracts are loaded into. Each table is one CSV file named `<table>.csv`: UTF-8 (a byte-order");
        Line("mark is accepted), comma separated, with a header row. Header names are matched case-insensitively after trimming and");
        Line("columns may come in any order; unknown columns are ignored with a warning. Dates are `YYYY-MM-DD` unless the load");
        Line("declares another format (`--date-format DD/MM/YYYY`). Identifiers are text: `007` and `7` are different ids.");
        Line("Booleans are `true/false`, `yes/no`, `y/n` or `1/0` in any case; an empty cell means \"not recorded\".");
        Line();
        Line("A row that breaks a rule is not loaded: it is kept whole in the `load_rejects` table and the rejects CSV with its file,");
        Line("line (the header is line 1), column, rule and a message. Values are never trimmed or coerced silently. When a key is");
        Line("duplicated, the first row is loaded and later ones are rejected, naming the line that was kept.");
        Line();
        Line("| table | one row per | file needed | source |");
        Line("| --- | --- | --- | --- |");
        foreach (var t in dictionary.Tables)
            Line($"| [{t.Name}](#{t.Name}) | {t.Grain} | {(t.RequiredFile ? "yes" : "no")} | {t.Source} |");
        Line();
        Line("Column types: **id** text kept exactly as written; **text** free text; **code** one of the listed values, any case,");
        Line("stored in the listed spelling; **date**; **integer** whole number; **decimal** up to 4 decimal places; **boolean**;");
        Line("**academic_year** written `2023/24`. Dates outside a column's plausible range are rejected (`today` is the load date).");
        Line("In the database, a code and an academic year are stored as a DuckDB `ENUM` of the values they can take: queries");
        Line("compare and read them as text, they sort as text does, and they are several times cheaper to write than text.");
        Line();
        Line("The database is a DuckDB file (DuckDB 1.5). From .NET, open it with DuckDB.NET, the ADO.NET provider the toolkit");
        Line("itself uses (`OutcomeAnalytics.Engine.Database.Open(path)`, or a `DuckDBConnection` of your own); from Python, R or");
        Line("DuckDB's own command line, open the same file with DuckDB 1.5 or later. One process at a time may write to it; while none");
        Line("does, several may read it (open it read-only).");
        foreach (var t in dictionary.Tables)
        {
            Line();
            Line($"## {t.Name}");
            Line();
            Line($"**{t.Title}**: one row per {t.Grain}. {t.Description}");
            Line();
            Line($"- File: `{t.FileName}` ({(t.RequiredFile ? "required in every load" : "optional; absent means no such records")})");
            Line($"- Typical source: {t.Source}");
            if (t.Key.Count > 0) Line($"- Key: ({string.Join(", ", t.Key)}) is unique");
            if (t.RepeatedText) Line("- Storage: its text values repeat from row to row, so they are stored dictionary-compressed (FSST is not tried)");
            Line();
            Line("| column | type | required | allowed values | meaning |");
            Line("| --- | --- | --- | --- | --- |");
            foreach (var c in t.Columns)
                Line($"| `{c.Name}` | {TypeName(c.Type)} | {(c.Required ? "yes" : "no")} | {Allowed(c)} | {Escape(c.Meaning)} |");
            if (t.Checks.Count > 0)
            {
                Line();
                Line("Row rules:");
                foreach (var k in t.Checks) Line($"- {DescribeCheck(k)}");
            }
        }
        Line();
        Line("## Instrument score ranges");
        Line();
        Line("An `assessments` score must lie inside its instrument scale's range (from `models/instruments/instruments.yaml`).");
        Line();
        Line("| instrument | scale | range | better | reliable change | bands | source |");
        Line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var i in instruments.Instruments)
            foreach (var s in i.Scales)
            {
                var bands = string.Join("; ", s.Bands.Select(b => $"{b.Key}: " + string.Join(", ", b.Value.Select(x => $"{Num(x.From)}-{Num(x.To)} {x.Label}"))));
                Line($"| {i.Id} | {s.Scale} | {Num(s.Min)} to {Num(s.Max)} | {s.Direction} | {ReliableChange(s)} | {Escape(bands)} | {Escape(i.Source)} |");
            }
        static string ReliableChange(InstrumentScale s) => s.ReliableChangeByInformant.Count == 0
            ? (s.ReliableChange is { } r ? Num(r) : "")
            : string.Join("; ", s.ReliableChangeByInformant.Select(x => $"{x.Key}: {Num(x.Value)}")) + " (other informants: none)";
        Line();
        Line("## Outputs");
        Line();
        Line("What the evaluation writes: CSV with a header row, comma separated, UTF-8 without a byte-order mark, lines ending CRLF,");
        Line("dates `YYYY-MM-DD`, booleans `true`/`false`, and an empty cell for none. Other tools read these columns by name.");
        void Output(string title, IReadOnlyList<Evaluation.OutputColumn> columns)
        {
            Line();
            Line(title);
            Line();
            Line("| column | type | meaning |");
            Line("| --- | --- | --- |");
            foreach (var c in columns) Line($"| `{c.Name}` | {c.Type} | {Escape(c.Meaning)} |");
        }
        Output("`outcomes evaluate --out FILE`: one row per identified need, and per person for a need judged person by person, in family, need (in the framework's order: 1.1, 1.2 … 10.3), person order.", Evaluation.EvaluationCsv.NeedColumns);
        Output("`outcomes claims --out FILE`: one row per family.", Evaluation.EvaluationCsv.ClaimColumns);
        return md.ToString();
    }

    private static string TypeName(ColumnType t) => t switch
    {
        ColumnType.AcademicYear => "academic_year",
        ColumnType.WholeNumber => "integer",
        ColumnType.DecimalNumber => "decimal",
        _ => t.ToString().ToLowerInvariant(),
    };

    private static string Allowed(ColumnDefinition c)
    {
        var parts = new List<string>();
        if (c.Values.Count > 0) parts.Add(string.Join(", ", c.Values.Select(v => $"`{v}`")));
        if (c.Min is not null || c.Max is not null)
            parts.Add(c.Max is null ? $"≥ {Num(c.Min!.Value)}" : c.Min is null ? $"≤ {Num(c.Max.Value)}" : $"{Num(c.Min.Value)} to {Num(c.Max.Value)}");
        if (c.Earliest is not null || c.Latest is not null) parts.Add($"{c.Earliest ?? "any"} to {c.Latest ?? "any"}");
        if (c.PatternMeaning is not null) parts.Add(Escape(c.PatternMeaning));
        if (c.References is not null) parts.Add($"→ [{c.References}](#{c.References.Table})");
        if (c.Default is not null) parts.Add($"empty means `{c.Default}`");
        return string.Join("; ", parts);
    }

    private static string DescribeCheck(CheckDefinition k) => k.Kind switch
    {
        CheckKind.SumEquals => $"`{string.Join(" + ", k.Parts)}` must equal `{k.Total}`.",
        CheckKind.NotBefore => $"`{k.Column}`, when given, is not before `{k.Other}`.",
        CheckKind.OneRequired => $"at least one of {string.Join(", ", k.Columns.Select(c => $"`{c}`"))} is given.",
        CheckKind.ScoreInRange => $"`{k.Score}` lies inside the range of the `{k.Instrument}` scale `{k.Scale}` (below), the scale is one the instrument has, and a total the model converts (SWEMWBS) is one its conversion table has.",
        _ => k.RuleName,
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    private static string Num(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
