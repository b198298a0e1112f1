using System.Globalization;
using System.Text;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Reports;

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
        LoaderGuide(Line);
        Line();
        Line("## Outputs");
        Line();
        Line("What the evaluation writes: CSV with a header row, comma separated, UTF-8 without a byte-order mark, lines ending CRLF,");
        Line("dates `YYYY-MM-DD`, booleans `true`/`false`, and an empty cell for none. Other tools read these columns by name.");
        Line("A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return has a single quote `'` put in front (and is");
        Line("quoted), so that a spreadsheet shows it as text rather than running it as a formula (CSV injection); numbers are never");
        Line("changed. The same holds for the rejects and the load summary. `--raw-csv` writes every value exactly as it is, for programs.");
        Line("In HTML reports and notebook pages every value is escaped, and a control character is shown as its Unicode picture (␇, ␛).");
        void Output(string title, IReadOnlyList<OutputColumn> columns)
        {
            Line();
            Line(title);
            Line();
            Line("| column | type | meaning |");
            Line("| --- | --- | --- |");
            foreach (var c in columns) Line($"| `{c.Name}` | {c.Type} | {Escape(c.Meaning)} |");
        }
        Output("`outcomes evaluate --out FILE`: one row per identified need, and per person for a need judged person by person, in family, need (in the framework's order: 1.1, 1.2 … 10.3), person order.", EvaluationCsv.NeedColumns);
        Output("`outcomes claims --out FILE`: one row per family.", EvaluationCsv.ClaimColumns);
        return md.ToString();
    }

    /// <summary>What the loader accepts, what it refuses or rejects, and how a data team fixes each kind of problem.</summary>
    private static void LoaderGuide(Action<string> line)
    {
        void Line(string text = "") => line(text);
        Line("## What the loader accepts and rejects");
        Line();
        Line("**Accepted as they are:** UTF-8 with or without a byte-order mark; line endings CRLF (Windows), LF, CR alone (old");
        Line("Macintosh) or a mix of them (a file edited in two tools), with or without a line break after the last row; quoted values");
        Line("holding commas, doubled quotes (`\"\"`) or line breaks; blank lines (not rows); header names in any case, with spaces");
        Line("around them, in any order. Values are stored exactly as written: SQL, HTML, formulas and path names are data, never run or");
        Line("interpreted, and free text that reads `NULL`, `N/A` or `-` is kept as written (a name or an answer may be just that; nothing");
        Line($"is turned into an empty cell). Sizes: a value, and a row, of up to {TableValidationLimit} bytes, and files of up to");
        Line($"{MaxFile} (`--max-file-size` raises it), read as a stream whatever their number of rows: a file of a million rows is");
        Line("read and checked like a small one, a bad row in it named by its line.");
        Line();
        Line("**The whole load stops, and the database is left exactly as it was,** when a file cannot be read safely. Each message");
        Line("names the file and line:");
        Line();
        Line("| problem | message says | fix |");
        Line("| --- | --- | --- |");
        Line("| a required file is missing | `Required file missing` | export it, even with a header only |");
        Line("| an empty file | `the file is empty; expected a header row` | export the header row at least |");
        Line("| UTF-16 text (Excel's *Unicode text*) | `the file is UTF-16 text` | save as *CSV UTF-8 (comma delimited)* |");
        Line("| a header that is not UTF-8 | `the header is not UTF-8 text` | save as CSV UTF-8 |");
        Line("| semicolons or tabs between values | `the file looks semicolon-separated` (or tab-) | save as CSV, comma-separated |");
        Line("| a required column missing | `required column … missing from the header; expected columns: …` | rename or add the column |");
        Line("| a column named twice | `the column … appears more than once` | remove or rename one |");
        Line("| a quote out of place or never closed | `a double quote is out of place or never closed` | put a value holding `\"` in quotes and double the quote |");
        Line($"| a file larger than {MaxFile} | `the file is … more than the … a load reads (--max-file-size)` | check that it is the extract you meant (a file this size is more often a whole system's export); `--max-file-size 4GB` raises the limit, `0` removes it |");
        Line();
        Line("**A row is rejected, and every other row loads,** when it breaks a rule. It is kept whole in `load_rejects` and the");
        Line("rejects CSV with its file, line (the header is line 1), column, rule and message; run the load again once it is fixed.");
        Line($"A value quoted in a message is cut after {RejectMessages.ShownLength} characters and shows control characters as `\\u001B`; the rejects keep it whole.");
        Line();
        Line("| rule | what is wrong | fix |");
        Line("| --- | --- | --- |");
        Line("| `too_many_fields`, `too_few_fields` | the row has more or fewer fields than the header | quote values holding commas; check for a line break inside a value |");
        Line($"| `row_too_long` | the row is longer than {TableValidationLimit} bytes | usually a document or file pasted into a cell: remove it |");
        Line("| `not_utf8` | the row is not UTF-8 (often Windows-1252, *ANSI*) | save the file as CSV UTF-8 |");
        Line("| `required`, `whitespace` | an empty required value, or spaces around a value | fill it in; remove the spaces (values are never trimmed) |");
        Line("| `nul_byte` | a NUL byte (character 0) in any value: text never holds one, so the file is damaged or was written by a program that writes binary | remove the byte, or export the file again |");
        Line($"| `spreadsheet_error` | a spreadsheet's error value ({string.Join(", ", Loading.TableValidation.SpreadsheetErrors.Take(4).Select(e => $"`{e}`"))} …, any case) in any column, free text included: a formula failed | correct the formula or leave the cell empty, then save the CSV again |");
        Line("| `scientific_id` | an id (or a reference to one) in a spreadsheet's scientific notation, such as `1.23457E+11`: the spreadsheet took it for a number and dropped its last digits, which cannot be recovered | export the file again without opening it in a spreadsheet, or format the column as text before the ids go in |");
        Line($"| `placeholder` | {string.Join(", ", Loading.TableValidation.Placeholders.Select(p => $"`{p}`"))} (any case) written for a missing id | leave the cell empty where there is no id; in a date, number or code column these words fail the column's own rule, and the message says that a missing value is an empty cell |");
        Line("| `controlled_value` | a code not in the column's list | use one of the listed values (any case) |");
        Line("| `date`, `date_range` | not a date in the load's format, or implausible | a date like `16/01/2023` is named: load with `--date-format DD/MM/YYYY`; a number like `44927` is a spreadsheet date serial: format the column as a date before saving |");
        Line("| `integer`, `decimal`, `range`, `boolean`, `academic_year`, `pattern` | not of the column's type, or out of range | write plain numbers (no `1e2`, `0x64`, thousands separators), `yes`/`no`, `2023/24` |");
        Line("| `duplicate_key` | the key repeats an earlier row | the first row is loaded and named; remove or correct the repeat |");
        Line("| `reference`, `reference_rejected` | the id is not in the parent file, or its row there was rejected | check lost leading zeros (`7` for `007`), then fix the parent row |");
        Line("| the multi-column rules | sessions not adding up, a closure before attachment, a score outside its scale | correct the figures |");
        Line();
        Line("`--strict` turns any rejected row into a failed load that changes nothing. A load is one transaction: it stores everything");
        Line("it loads or nothing, and a load that fails leaves the database as it was before.");
        Line();
        Line("**A load that is killed or cannot write leaves the database as it was.** A load killed part way (`kill -9`, a power cut)");
        Line("leaves the load before it whole, or the new one whole if it was killed after committing, never a mix: the tests kill");
        Line("loads at random points and check the row counts against `load_log` and every reference each time. When the database,");
        Line("its `.wal` file or an output cannot be written (a full disk, a file size limit, no permission, a missing folder), the");
        Line("command stops with one line naming the file and what to do, exits 2 and changes nothing: a load writes its rejects file");
        Line("and `--out` summary before it commits, so a load whose files cannot be written is not kept either. Free some space or");
        Line("give a `--db` or output path you can write to, and run it again. A load is written into the database file itself before");
        Line("the command ends (a checkpoint), not left in the `.wal` beside it: when the `.wal` can be written but the database file");
        Line("cannot grow, the load is undone (its `.wal` removed) and the command says so, rather than ending well with the load kept in");
        Line("the `.wal` alone.");
    }

    /// <summary>The largest file a load reads by default, as written in the guide.</summary>
    private static string MaxFile => $"{Loading.LoadOptions.DefaultMaxFileBytes >> 30} GiB";

    /// <summary>The longest row a file may have, as written in the guide.</summary>
    private static string TableValidationLimit => TableValidation.MaxRowBytes.ToString("N0", CultureInfo.InvariantCulture);

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
