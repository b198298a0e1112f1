using System.Globalization;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Formats;

namespace OutcomeAnalytics.Loading;

/// <summary>
/// Builds the set-based SQL that stages and validates one table. The file is read once into the staging table
/// (a table of the database loaded into, committed on its own so that every connection sees it; its faults go to a
/// table in a scratch database, in memory, attached for the load), which holds every column of the table typed
/// (<c>t0</c>, <c>t1</c>… in the dictionary's order, as the table stores them, NULL where a value cannot be read), a
/// flag <c>ok</c> telling that the row passed every field rule and row rule, and, for the rows that did not, every
/// field as written in the list <c>raw</c> (the file's column order), so that a fault can be reported with the
/// value as written. Identifiers in the SQL come only from the data
/// dictionary (checked against <c>^[a-z][a-z0-9_]*$</c>) and from column positions; every value (formats,
/// controlled values, bounds, the file path) is a parameter.
/// </summary>
internal sealed class TableValidation(TableDefinition table, IReadOnlyDictionary<string, int> positions, DateFormat dateFormat, DateOnly today, string stage, string scratch,
    string academicYears, OutcomeAnalytics.Instruments.InstrumentCatalog instruments)
{
    public const string BooleanTrue = "('true', 'yes', 'y', '1')";
    public const string BooleanAll = "('true', 'false', 'yes', 'no', 'y', 'n', '1', '0')";

    // The same lists for the staging statement, which tests membership with list_contains rather than IN: DuckDB
    // rewrites an IN list of more than a few values into a join, which does not keep the file's order of rows.
    private const string BooleanTrueList = "['true', 'yes', 'y', '1']";
    private const string BooleanAllList = "['true', 'false', 'yes', 'no', 'y', 'n', '1', '0']";

    /// <summary>
    /// A spreadsheet's error values (a formula that failed: <c>#N/A</c>, <c>#VALUE!</c>…), rejected in every column, free
    /// text included: they say a cell's formula broke, not what the cell should hold. Compared in upper case.
    /// </summary>
    public static readonly IReadOnlyList<string> SpreadsheetErrors = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#FIELD!", "#GETTING_DATA"];

    /// <summary>
    /// Words written for a missing value, rejected as an id (an empty cell is how a missing id is written). In other
    /// typed columns they fail the type's own rule; in free text they are stored as written, since a name or an answer
    /// may be just that. Compared in upper case.
    /// </summary>
    public static readonly IReadOnlyList<string> Placeholders = ["NULL", "N/A", "-"];

    private static readonly string SpreadsheetErrorList = "[" + string.Join(", ", SpreadsheetErrors.Select(e => $"'{e}'")) + "]";
    private static readonly string PlaceholderList = "[" + string.Join(", ", Placeholders.Select(e => $"'{e}'")) + "]";

    /// <summary>A number in a spreadsheet's scientific notation, such as <c>1.23457E+11</c>: an id a spreadsheet took for a number.</summary>
    private const string ScientificPattern = "[0-9]+(\\.[0-9]+)?[Ee]\\+[0-9]+";

    /// <summary>The longest row a file may have, in bytes (DuckDB's own default): a longer one is rejected.</summary>
    public const int MaxRowBytes = 2_000_000;

    public TableDefinition Table => table;
    /// <summary>
    /// The staging table, in the database loaded into: once its faulty rows are taken out and its own columns dropped, it
    /// becomes the table.
    /// </summary>
    public string Staging => $"{stage}_stg_{table.Name}";
    public string Faults => $"{scratch}.flt_{table.Name}";
    public string DateFormatDisplay => dateFormat.Display;

    /// <summary>The staging column holding the dictionary column as text, or null when the file lacks it.</summary>
    public string? Field(string column) => positions.TryGetValue(column, out var i) ? "c" + i.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>The file position of the dictionary column, or null when the file lacks it.</summary>
    public int? Position(string column) => positions.TryGetValue(column, out var i) ? i : null;

    /// <summary>The staging column holding the dictionary column's typed value (present even when the file lacks the column).</summary>
    public string TypedColumn(ColumnDefinition c)
    {
        for (var i = 0; i < table.Columns.Count; i++)
            if (ReferenceEquals(table.Columns[i], c) || table.Columns[i].Name == c.Name) return "t" + i.ToString(CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"{c.Name} is not a column of {table.Name}.");
    }

    /// <summary>
    /// The one statement that reads the file into the staging table: each row's typed values, whether it passed every
    /// rule (<c>ok</c>) and, only when it did not pass, its fields as written (<c>raw</c>, a list in the file's column order).
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="fieldCount">The number of fields in its header.</param>
    /// <param name="rejects">The tables in which DuckDB keeps the records it cannot split into fields, or null to
    /// have the read fail on the first such record instead (cheaper, for a first attempt).</param>
    public SqlText StageSql(string path, int fieldCount, (string Errors, string Scans)? rejects)
    {
        var sql = new SqlText();
        var file = sql.P(path);
        var columns = string.Join(", ", Enumerable.Range(0, fieldCount).Select(i => $"'c{N(i)}': 'VARCHAR'"));
        var typed = table.Columns.Select((c, i) => $"{Typed(c, sql)} AS t{N(i)}");
        var ok = Ok(sql);
        var fields = string.Join(", ", Enumerable.Range(0, fieldCount).Select(i => $"c{N(i)}"));
        // Each typed value is staged as the table stores it (a code as its ENUM), so that the staging table can become the
        // table. Text that repeats row after row (repeated_text) is stored dictionary-compressed without trying FSST.
        var definitions = table.Columns.Select((c, i) => $"t{N(i)} {c.StorageType}"
            + (table.RepeatedText && c.StorageType == "VARCHAR" ? " USING COMPRESSION dictionary" : ""));
        sql.Append($"CREATE TABLE {Staging} ({string.Join(", ", definitions)}, ok BOOLEAN, raw VARCHAR[]); ")
            .Append($"INSERT INTO {Staging} SELECT {string.Join(", ", table.Columns.Select((_, i) => $"t{N(i)}"))}, ok, ")
            .Append($"CASE WHEN ok THEN NULL ELSE [{fields}] END AS raw FROM (SELECT *, {ok} AS ok FROM (SELECT {string.Join(", ", typed)}, s.* ")
            .Append($"FROM read_csv({file}, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', ")
            .Append($"columns = {{{columns}}}, strict_mode = true, null_padding = false, max_line_size = {N(MaxRowBytes)}")
            .Append(rejects is { } r ? $", store_rejects = true, rejects_table = '{r.Errors}', rejects_scan = '{r.Scans}') s))" : ") s))");
        return sql;
    }

    /// <summary>The staged text of a field of a row that is not <c>ok</c> (NULL for a row that is).</summary>
    public static string Raw(int position, string alias = "s") => $"{alias}.raw[{N(position + 1)}]";

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True when a row breaks no field rule and no row rule. Each field is asked the cheapest question whose
    /// yes proves that <see cref="FieldFault"/> finds nothing (the common, valid value); a no only sends the
    /// row to <see cref="RowFaults"/>, which decides. Row rules are asked only of rows whose fields passed, on
    /// their typed values; a score's range is looked up in constant lists of the instrument scales (<see cref="ScoreOk"/>).
    /// </summary>
    private string Ok(SqlText sql)
    {
        var tests = table.Columns.Select(c => FieldOk(c, sql)).OfType<string>()
            .Concat(table.Checks.Where(k => k.Kind != CheckKind.ScoreInRange).Select(k => CheckFault(k, sql, null)).OfType<string>().Select(e => $"({e}) IS NULL"))
            .Concat(table.Checks.Where(k => k.Kind == CheckKind.ScoreInRange).Select(k => ScoreOk(k, sql)))
            .ToList();
        // CASE evaluates its condition row by row as far as needed, so a check's cast never meets a bad field.
        return tests.Count == 0 ? "true" : $"CASE WHEN {string.Join(" AND ", tests)} THEN true ELSE false END";
    }

    /// <summary>
    /// A condition that holds only when a score breaks none of the score rules (<see cref="CheckFault"/>): its scale is
    /// one of the instrument's, it lies in the scale's range, and a converted total is one the instrument's table
    /// converts. It reads the typed values, which the fields' own tests (asked first) have proved are as written. The
    /// scales are constant lists from the instrument catalog, looked up by position: a join with the scales table
    /// would not keep the file's order of rows. The position comes from a constant list indexed by the instrument's
    /// and the scale's ENUM ordinals (both are codes), so no row builds or searches text.
    /// </summary>
    private string ScoreOk(CheckDefinition check, SqlText sql)
    {
        // As the rule itself: no check without a score and an instrument column.
        if (Field(check.Score!) is null || Field(check.Instrument!) is null) return "true";
        var (score, instrument, scale) = (Typed(check.Score!), Typed(check.Instrument!), Typed(check.Scale!));
        var scales = instruments.Instruments.SelectMany(i => i.Scales.Select(x => (Instrument: i, Scale: x))).ToList();
        // Instrument and scale compared in lower case, as the full rule compares them.
        var (instrumentValues, scaleValues) = (table.Column(check.Instrument!)!.StoredValues, table.Column(check.Scale!)!.StoredValues);
        var positions = instrumentValues.SelectMany(i => scaleValues.Select(x => scales.FindIndex(y =>
                string.Equals(y.Instrument.Id, i, StringComparison.OrdinalIgnoreCase) && string.Equals(y.Scale.Scale, x, StringComparison.OrdinalIgnoreCase))))
            .Select(p => p < 0 ? "NULL" : N(p + 1));
        // enum_code is of the ENUM's own small type (UTINYINT for up to 255 values): widened before the arithmetic.
        var at = $"[{string.Join(", ", positions)}][CAST(enum_code({instrument}) AS INTEGER) * {N(scaleValues.Count)} + CAST(enum_code({scale}) AS INTEGER) + 1]";
        var mins = string.Join(", ", scales.Select(x => sql.Cast(x.Scale.Min, "DECIMAL(18,4)")));
        var maxs = string.Join(", ", scales.Select(x => sql.Cast(x.Scale.Max, "DECIMAL(18,4)")));
        // The raw totals an instrument converts (SWEMWBS), for its total; NULL where nothing is converted.
        var raws = string.Join(", ", scales.Select(x => string.Equals(x.Scale.Scale, "total", StringComparison.OrdinalIgnoreCase) && x.Instrument.Conversion.Count > 0
            ? "[" + string.Join(", ", x.Instrument.Conversion.Keys.Order().Select(r => sql.Cast(r, "DECIMAL(18,4)"))) + "]"
            : "CAST(NULL AS DECIMAL(18,4)[])"));
        return $"{at} IS NOT NULL AND ({score} IS NULL OR ({score} BETWEEN [{mins}][{at}] AND [{maxs}][{at}] "
            + $"AND coalesce(list_contains([{raws}][{at}], {score}), true)))";

        string Typed(string column) => TypedColumn(table.Column(column)!);
    }

    /// <summary>A condition that holds only when the field breaks none of its rules, or null when it cannot break any.</summary>
    private string? FieldOk(ColumnDefinition c, SqlText sql)
    {
        if (Field(c.Name) is not { } f) return null;
        var t = TypedColumn(c);
        var tests = new List<string>();
        switch (c.Type)
        {
            case ColumnType.Id:
                // Cheap tests whose no sends the row to the full rule: no NUL, no '#' (an error value), no '+' (scientific
                // notation), and not one of the placeholders for a missing value.
                tests.Add($"NOT {Spaced(f)} AND NOT contains({f}, chr(0)) AND NOT contains({f}, '#') AND NOT contains({f}, '+') "
                    + $"AND NOT list_contains({PlaceholderList}, upper({f}))");
                break;
            case ColumnType.Text when c.Pattern is not null:
                tests.Add($"NOT {Spaced(f)}");
                break;
            case ColumnType.Text:
                tests.Add($"NOT contains({f}, chr(0)) AND NOT starts_with({f}, '#')");
                break;
            case ColumnType.Code:
                // The typed value is the code as its ENUM (in the list's spelling), or NULL when the text is none of them.
                tests.Add($"{t} IS NOT NULL");
                break;
            case ColumnType.Date:
                tests.Add($"{DateText(t, sql)} = {f}");
                if (DateRange(c) is { } range) tests.Add($"{t} BETWEEN {sql.P(range.Earliest)} AND {sql.P(range.Latest)}");
                break;
            case ColumnType.WholeNumber:
                // The canonical spelling; any other (such as leading zeros) is left to the full rule.
                tests.Add($"CAST({t} AS VARCHAR) = {f}");
                AddRange();
                break;
            case ColumnType.DecimalNumber:
                tests.Add($"regexp_full_match({f}, '{DecimalPattern}')");
                AddRange();
                break;
            case ColumnType.Boolean:
                tests.Add($"list_contains({BooleanAllList}, lower({f}))");
                break;
            case ColumnType.AcademicYear:
                // The typed value is the year as its ENUM, NULL when it is not a well-formed year.
                tests.Add($"{t} IS NOT NULL");
                break;
        }
        if (c.Pattern is not null) tests.Add($"regexp_full_match({f}, {sql.P(c.Pattern)})");
        if (tests.Count == 0) return c.Required ? $"{f} IS NOT NULL" : null;
        return c.Required ? $"{f} IS NOT NULL AND {string.Join(" AND ", tests)}" : $"({f} IS NULL OR ({string.Join(" AND ", tests)}))";

        void AddRange()
        {
            if (c.Min is { } min) tests.Add($"{t} >= {sql.P(min)}");
            if (c.Max is { } max) tests.Add($"{t} <= {sql.P(max)}");
        }
    }

    /// <summary>A code column's values in lower case, as parameters.</summary>
    private static string LowerCodes(ColumnDefinition c, SqlText sql) => string.Join(", ", c.Values.Select(v => sql.P(v.ToLowerInvariant())));

    private static string Spaced(string f) => $"({f} LIKE ' %' OR {f} LIKE '% ')";

    private const string DecimalPattern = "-?[0-9]{1,14}(\\.[0-9]{1,4})?";

    public (DateOnly Earliest, DateOnly Latest)? DateRange(ColumnDefinition c)
    {
        if (c.Earliest is null && c.Latest is null) return null;
        var earliest = c.Earliest is null ? DateOnly.MinValue : Bound(c.Earliest);
        var latest = c.Latest is null ? DateOnly.MaxValue : Bound(c.Latest);
        return (earliest, latest);
        DateOnly Bound(string text) => DateBound.TryParse(text, out var b) ? b.Resolve(today) : throw new InvalidOperationException(text);
    }

    /// <summary>The CASE expression naming the first fault of one field, or null when the field cannot be wrong.</summary>
    private string? FieldFault(ColumnDefinition c, SqlText sql)
    {
        // Checks are ordered from cheap to dear and every value is tested only as far as needed: the common,
        // valid value costs one or two vectorised comparisons. A value that fails its type test is then asked
        // whether stray spaces are the reason, so the message can say so.
        var f = Field(c.Name);
        if (f is null) return null;
        var spaced = Spaced(f);
        string Fails(string rule) => $"CASE WHEN {spaced} THEN 'whitespace' ELSE '{rule}' END";
        var whens = new List<string>
        {
            c.Required ? $"WHEN {f} IS NULL THEN 'required'" : $"WHEN {f} IS NULL THEN NULL",
            // In any column: a NUL byte, and a spreadsheet's error value, are never data (see SpreadsheetErrors).
            $"WHEN contains({f}, chr(0)) THEN 'nul_byte'",
            $"WHEN list_contains({SpreadsheetErrorList}, upper({f})) THEN 'spreadsheet_error'",
        };
        switch (c.Type)
        {
            case ColumnType.Id:
                whens.Add($"WHEN {spaced} THEN 'whitespace'");
                whens.Add($"WHEN list_contains({PlaceholderList}, upper({f})) THEN 'placeholder'");
                whens.Add($"WHEN regexp_full_match({f}, '{ScientificPattern}') THEN 'scientific_id'");
                break;
            case ColumnType.Text when c.Pattern is not null:
                whens.Add($"WHEN {spaced} THEN 'whitespace'");
                break;
            case ColumnType.Code:
                whens.Add($"WHEN lower({f}) NOT IN ({LowerCodes(c, sql)}) THEN {Fails("controlled_value")}");
                break;
            case ColumnType.Date:
                // A date must read back exactly as written: '2023-1-5' or '2023-02-30' do not.
                whens.Add($"WHEN {DateText(DateValue(f, sql, tryParse: true), sql)} IS DISTINCT FROM {f} THEN {Fails("date")}");
                if (DateRange(c) is { } range)
                    whens.Add($"WHEN {DateValue(f, sql)} NOT BETWEEN {sql.P(range.Earliest)} AND {sql.P(range.Latest)} THEN 'date_range'");
                break;
            case ColumnType.WholeNumber:
                // Only digits and an optional minus: DuckDB's own cast would round '12.5' and accept '+12', '1e2' or '0x1F'.
                // The canonical form passes the cheap round trip; anything else (such as leading zeros) meets the pattern.
                whens.Add($"WHEN TRY_CAST({f} AS INTEGER)::VARCHAR IS DISTINCT FROM {f} AND NOT coalesce(regexp_full_match({f}, '-?[0-9]{{1,9}}') AND TRY_CAST({f} AS INTEGER) IS NOT NULL, false) THEN {Fails("integer")}");
                AddRange("INTEGER");
                break;
            case ColumnType.DecimalNumber:
                whens.Add($"WHEN NOT regexp_full_match({f}, '{DecimalPattern}') THEN {Fails("decimal")}");
                AddRange("DECIMAL(18,4)");
                break;
            case ColumnType.Boolean:
                whens.Add($"WHEN lower({f}) NOT IN {BooleanAll} THEN {Fails("boolean")}");
                break;
            case ColumnType.AcademicYear:
                whens.Add($"WHEN {f} NOT IN (SELECT academic_year FROM {academicYears}) THEN {Fails("academic_year")}");
                break;
        }
        if (c.Pattern is not null)
            whens.Add($"WHEN NOT regexp_full_match({f}, {sql.P(c.Pattern)}) THEN 'pattern'");
        return whens.Count == 1 && !c.Required ? null : $"CASE {string.Join(" ", whens)} END";

        void AddRange(string type)
        {
            if (c.Min is { } min) whens.Add($"WHEN CAST({f} AS {type}) < {sql.P(min)} THEN 'range'");
            if (c.Max is { } max) whens.Add($"WHEN CAST({f} AS {type}) > {sql.P(max)} THEN 'range'");
        }
    }

    /// <summary>The table, in the scratch database, of every well-formed academic year (<c>1950/51</c> to <c>2099/00</c>).</summary>
    public static string AcademicYears(string scratch) => scratch + ".academic_years";

    /// <summary>SQL creating <see cref="AcademicYears"/>.</summary>
    public static string AcademicYearsDdl(string scratch) =>
        $"CREATE OR REPLACE TABLE {AcademicYears(scratch)} AS SELECT CAST(unnest(enum_range(NULL::{ColumnDefinition.AcademicYearType})) AS VARCHAR) AS academic_year";

    /// <summary>A field read as a DATE in the load's format.</summary>
    private string DateValue(string f, SqlText sql, bool tryParse = false) => dateFormat == DateFormat.Iso
        ? $"{(tryParse ? "TRY_CAST" : "CAST")}({f} AS DATE)"
        : $"CAST({(tryParse ? "try_strptime" : "strptime")}({f}, {sql.P(dateFormat.Strptime)}) AS DATE)";

    /// <summary>A DATE written in the load's format.</summary>
    private string DateText(string value, SqlText sql) => dateFormat == DateFormat.Iso
        ? $"CAST({value} AS VARCHAR)"
        : $"strftime({value}, {sql.P(dateFormat.Strptime)})";

    /// <summary>An academic year, or a code whose values are all lower case: its typed value is its text cast to its ENUM.</summary>
    private static bool CastToEnum(ColumnDefinition c) =>
        c.Type == ColumnType.AcademicYear || c.Type == ColumnType.Code && !c.Values.Any(v => v.Any(char.IsUpper));

    /// <summary>The typed value of a field, as stored in the target table; NULL where the text cannot be read.</summary>
    private string Typed(ColumnDefinition c, SqlText sql, string alias = "s")
    {
        var f = Field(c.Name) is { } name ? $"{alias}.{name}" : null;
        var fallback = c.Default is null ? $"CAST(NULL AS {c.StorageType})" : c.Type switch
        {
            ColumnType.Boolean => BooleanTrue.Contains($"'{c.Default}'", StringComparison.Ordinal) ? "true" : "false",
            _ => sql.Cast(c.Default, c.StorageType),
        };
        if (f is null) return fallback;
        var value = c.Type switch
        {
            // Codes are stored in the list's spelling; when that spelling is lower case, lower() is the mapping.
            ColumnType.Code when CastToEnum(c) => $"TRY_CAST(lower({f}) AS {c.StorageType})",
            ColumnType.AcademicYear => $"TRY_CAST({f} AS {c.StorageType})",
            ColumnType.Code => $"CAST(CASE lower({f}) {string.Join(" ", c.Values.Select(v => $"WHEN {sql.P(v.ToLowerInvariant())} THEN {sql.P(v)}"))} END AS {c.StorageType})",
            ColumnType.Date => DateValue(f, sql, tryParse: true),
            ColumnType.WholeNumber => $"TRY_CAST({f} AS INTEGER)",
            ColumnType.DecimalNumber => $"TRY_CAST({f} AS DECIMAL(18,4))",
            ColumnType.Boolean => $"list_contains({BooleanTrueList}, lower({f}))",
            _ => f,
        };
        return c.Default is null ? value : $"CASE WHEN {f} IS NULL THEN {fallback} ELSE {value} END";
    }

    /// <summary>The staged columns a key is compared on: typed, so codes compare in their canonical spelling.</summary>
    /// <remarks>Keys are compared before faulty rows are set aside; a faulty row's value may be NULL.</remarks>
    public IReadOnlyList<string> KeyColumns() => [.. table.Key.Select(k => TypedColumn(table.Column(k)!))];

    /// <summary>
    /// One pass over the staged rows that are not <c>ok</c> that records, for each row, the first fault of every
    /// field and every failed multi-column check: <c>(rid, col, rule)</c>, with checks named <c>check_N</c>.
    /// </summary>
    public SqlText RowFaults()
    {
        var sql = new SqlText();
        var faults = new List<(string Alias, string Expr)>();
        foreach (var c in table.Columns)
            if (FieldFault(c, sql) is { } e) faults.Add(("f_" + c.Name, e));

        var hasScores = table.Checks.Any(k => k.Kind == CheckKind.ScoreInRange);
        var checks = new List<(string Alias, string Expr)>();
        foreach (var (check, i) in table.Checks.Select((k, i) => (k, i)))
            if (CheckFault(check, sql, faults) is { } e) checks.Add(($"check_{i}", e));

        var all = faults.Concat(checks).ToList();
        if (all.Count == 0) return sql.Append("SELECT NULL::BIGINT AS rid, NULL::VARCHAR AS col, NULL::VARCHAR AS rule WHERE false");

        var join = "";
        if (hasScores)
        {
            var k = table.Checks.First(x => x.Kind == CheckKind.ScoreInRange);
            var scaleDefault = (table.Column(k.Scale!)!.Default ?? "total").ToLowerInvariant();
            var inst = Field(k.Instrument!) is { } fi ? $"lower(s.{fi})" : "NULL";
            var scale = Field(k.Scale!) is { } fs ? $"lower(coalesce(s.{fs}, {sql.P(scaleDefault)}))" : sql.P(scaleDefault);
            join = $" LEFT JOIN instrument_scales r ON lower(r.instrument) = {inst} AND lower(r.scale) = {scale}"
                // An instrument whose totals are converted (SWEMWBS): the raw totals its table has.
                + $" LEFT JOIN (SELECT lower(instrument) AS instrument, list(raw) AS raws FROM instrument_conversions GROUP BY ALL) cv ON cv.instrument = {inst} AND lower(r.scale) = 'total'";
        }
        sql.Append("SELECT rid, col, rule FROM (SELECT * FROM (SELECT rid, ")
            .Append(string.Join(", ", faults.Select(f => f.Alias).Concat(checks.Select(c => $"{c.Expr} AS {c.Alias}"))))
            .Append(" FROM (SELECT s.*, ")
            .Append(hasScores ? "r.min_score, r.max_score, r.scale AS known_scale, cv.raws AS converted_raws, " : "")
            .Append(faults.Count == 0 ? "NULL AS f__none" : string.Join(", ", faults.Select(f => $"{f.Expr} AS {f.Alias}")))
            .Append($" FROM (SELECT {string.Join(", ", positions.Values.Order().Select(i => $"{Raw(i, "g")} AS c{N(i)}").Prepend("g.rowid AS rid"))} FROM {Staging} g WHERE NOT ok) s{join})) WHERE coalesce(")
            .Append(string.Join(", ", all.Select(a => a.Alias)))
            .Append(") IS NOT NULL) UNPIVOT (rule FOR col IN (")
            .Append(string.Join(", ", all.Select(a => a.Alias)))
            .Append("))");
        return sql;
    }

    /// <param name="check">The row rule.</param>
    /// <param name="sql">Receives the parameters.</param>
    /// <param name="faults">
    /// The field faults computed beside it, or null when every field is known to be good: then the rule reads
    /// the staged typed values instead of the text.
    /// </param>
    private string? CheckFault(CheckDefinition check, SqlText sql, List<(string Alias, string Expr)>? faults)
    {
        var read = check.ColumnsRead().ToList();
        // Fields whose own rules passed: only then is the check meaningful.
        string Clean(IEnumerable<string> columns) => faults is null ? "true" : string.Join(" AND ",
            columns.Select(c => faults.Any(f => f.Alias == "f_" + c) ? $"f_{c} IS NULL" : "true"));
        string? F(string c) => Field(c);
        string Number(string c) => faults is null ? $"CAST({TypedColumn(table.Column(c)!)} AS BIGINT)" : $"CAST({F(c)} AS BIGINT)";
        string Date(string c) => faults is null ? TypedColumn(table.Column(c)!) : DateValue(F(c)!, sql);
        switch (check.Kind)
        {
            case CheckKind.SumEquals:
                if (read.Any(c => F(c) is null)) return null;
                var sum = string.Join(" + ", check.Parts.Select(Number));
                return $"CASE WHEN {Clean(read)} AND {sum} <> {Number(check.Total!)} THEN 'sum_equals' END";
            case CheckKind.NotBefore:
                if (F(check.Column!) is not { } later || F(check.Other!) is not { } earlier) return null;
                return $"CASE WHEN {Clean(read)} AND {later} IS NOT NULL AND {earlier} IS NOT NULL AND {Date(check.Column!)} < {Date(check.Other!)} THEN 'not_before' END";
            case CheckKind.OneRequired:
                var present = check.Columns.Select(F).Where(f => f is not null).ToList();
                return present.Count == 0
                    ? "'one_required'"
                    : $"CASE WHEN {string.Join(" AND ", present.Select(p => $"{p} IS NULL"))} THEN 'one_required' END";
            case CheckKind.ScoreInRange:
                if (F(check.Score!) is not { } score || F(check.Instrument!) is null) return null;
                return $"CASE WHEN {Clean(read)} AND known_scale IS NULL THEN 'unknown_scale' "
                    + $"WHEN {Clean(read)} AND {score} IS NOT NULL AND CAST({score} AS DECIMAL(18,4)) NOT BETWEEN min_score AND max_score THEN 'score_in_range' "
                    // A converted total must be one the table converts: any other would be compared unconverted.
                    + $"WHEN {Clean(read)} AND {score} IS NOT NULL AND converted_raws IS NOT NULL AND NOT list_contains(converted_raws, CAST({score} AS DECIMAL(18,4))) THEN 'score_converted' END";
            default:
                return null;
        }
    }
}
