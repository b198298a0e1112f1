namespace OutcomeAnalytics.Dictionary;

/// <summary>The kind of value a column holds, which decides how it is read, checked and stored.</summary>
public enum ColumnType
{
    /// <summary>An identifier: text kept exactly as written (leading zeros, case), no surrounding spaces.</summary>
    Id,
    /// <summary>Free text, stored as written.</summary>
    Text,
    /// <summary>A controlled value: one of a fixed list, matched case-insensitively and stored in the list's spelling.</summary>
    Code,
    /// <summary>A calendar date (ISO <c>YYYY-MM-DD</c> unless the load declares another format).</summary>
    Date,
    /// <summary>A whole number.</summary>
    WholeNumber,
    /// <summary>A decimal number with up to four decimal places.</summary>
    DecimalNumber,
    /// <summary>A yes/no value: true/false, yes/no, y/n or 1/0, any case.</summary>
    Boolean,
    /// <summary>An academic year written <c>2023/24</c> (the year starting 1 September 2023).</summary>
    AcademicYear,
}

/// <summary>One column of a contract table, as the data dictionary defines it.</summary>
public sealed record ColumnDefinition
{
    /// <summary>The column's name (lower case, underscores).</summary>
    public required string Name { get; init; }
    /// <summary>The kind of value.</summary>
    public required ColumnType Type { get; init; }
    /// <summary>A value is required on every row. The default is false.</summary>
    public bool Required { get; init; }
    /// <summary>The controlled values of a <see cref="ColumnType.Code"/> column, in their stored spelling.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
    /// <summary>The value stored when the cell is empty, or null for none.</summary>
    public string? Default { get; init; }
    /// <summary>The smallest allowed number, or null for no lower bound.</summary>
    public decimal? Min { get; init; }
    /// <summary>The largest allowed number, or null for no upper bound.</summary>
    public decimal? Max { get; init; }
    /// <summary>The earliest plausible date: an ISO date, <c>today</c> or <c>today+Ny</c>.</summary>
    public string? Earliest { get; init; }
    /// <summary>The latest plausible date: an ISO date, <c>today</c> or <c>today+Ny</c>.</summary>
    public string? Latest { get; init; }
    /// <summary>A regular expression a text value must match in full, or null.</summary>
    public string? Pattern { get; init; }
    /// <summary>What the pattern means, in words, for error messages.</summary>
    public string? PatternMeaning { get; init; }
    /// <summary>The referenced key, as <c>table.column</c>, or null.</summary>
    public ColumnReference? References { get; init; }
    /// <summary>What the column means.</summary>
    public string Meaning { get; init; } = "";
    /// <summary>An example value for documentation.</summary>
    public string? Example { get; init; }

    /// <summary>The first academic year a load accepts (<c>1950/51</c>).</summary>
    public const int FirstAcademicYear = 1950;
    /// <summary>The last academic year a load accepts (<c>2099/00</c>).</summary>
    public const int LastAcademicYear = 2099;

    /// <summary>Every academic year a load accepts, <c>1950/51</c> to <c>2099/00</c>, in order.</summary>
    public static IReadOnlyList<string> AcademicYears { get; } = Enumerable.Range(FirstAcademicYear, LastAcademicYear - FirstAcademicYear + 1)
        .Select(y => FormattableString.Invariant($"{y}/{(y + 1) % 100:D2}")).ToArray();

    /// <summary>The DuckDB type of the column's values while they are read and checked.</summary>
    public string SqlType => Type switch
    {
        ColumnType.Date => "DATE",
        ColumnType.WholeNumber => "INTEGER",
        ColumnType.DecimalNumber => "DECIMAL(18,4)",
        ColumnType.Boolean => "BOOLEAN",
        _ => "VARCHAR",
    };

    /// <summary>
    /// The DuckDB type the column is stored as: <see cref="SqlType"/>, except that a code and an academic year are
    /// stored as an ENUM of the values they can take. An ENUM is text to every query (it compares and reads as its
    /// value), is stored as a small number, and is several times cheaper to write than compressed text. Its values
    /// are in ordinal order, so that it sorts as the text would.
    /// </summary>
    public string StorageType => Type switch
    {
        ColumnType.Code => Enum(StoredValues),
        ColumnType.AcademicYear => AcademicYearType,
        _ => SqlType,
    };

    /// <summary>
    /// A code's values in the order of the ENUM it is stored as (ordinal order of their text): DuckDB's
    /// <c>enum_code</c> of a stored value is its index here.
    /// </summary>
    public IReadOnlyList<string> StoredValues => [.. Values.Order(StringComparer.Ordinal)];

    /// <summary>The ENUM an academic year is stored as: every year of <see cref="AcademicYears"/>.</summary>
    public static string AcademicYearType { get; } = Enum(AcademicYears);

    private static string Enum(IEnumerable<string> values) =>
        $"ENUM({string.Join(", ", values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"))})";
}

/// <summary>A reference from a column to the key column of another table.</summary>
public sealed record ColumnReference(string Table, string Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Table}.{Column}";
}

/// <summary>The kinds of rule that look at more than one column of a row.</summary>
public enum CheckKind
{
    /// <summary>The parts add up to the total (attendance sessions).</summary>
    SumEquals,
    /// <summary>A date is not before another date of the same row.</summary>
    NotBefore,
    /// <summary>At least one of the columns has a value.</summary>
    OneRequired,
    /// <summary>An assessment score lies inside its instrument scale's range.</summary>
    ScoreInRange,
}

/// <summary>A rule over several columns of one row.</summary>
public sealed record CheckDefinition
{
    /// <summary>The kind of rule.</summary>
    public required CheckKind Kind { get; init; }
    /// <summary>For <see cref="CheckKind.SumEquals"/>: the columns that add up.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
    /// <summary>For <see cref="CheckKind.SumEquals"/>: the column they must equal.</summary>
    public string? Total { get; init; }
    /// <summary>For <see cref="CheckKind.NotBefore"/>: the later date.</summary>
    public string? Column { get; init; }
    /// <summary>For <see cref="CheckKind.NotBefore"/>: the earlier date.</summary>
    public string? Other { get; init; }
    /// <summary>For <see cref="CheckKind.OneRequired"/>: the columns of which one is needed.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
    /// <summary>For <see cref="CheckKind.ScoreInRange"/>: the score column.</summary>
    public string? Score { get; init; }
    /// <summary>For <see cref="CheckKind.ScoreInRange"/>: the instrument column.</summary>
    public string? Instrument { get; init; }
    /// <summary>For <see cref="CheckKind.ScoreInRange"/>: the scale column.</summary>
    public string? Scale { get; init; }

    /// <summary>The rule's name as it appears in rejects.</summary>
    public string RuleName => Kind switch
    {
        CheckKind.SumEquals => "sum_equals",
        CheckKind.NotBefore => "not_before",
        CheckKind.OneRequired => "one_required",
        CheckKind.ScoreInRange => "score_in_range",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The column a failure of this rule is reported against.</summary>
    public string ReportedColumn => Kind switch
    {
        CheckKind.SumEquals => Total!,
        CheckKind.NotBefore => Column!,
        CheckKind.OneRequired => Columns[0],
        CheckKind.ScoreInRange => Score!,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Every column the rule reads.</summary>
    public IEnumerable<string> ColumnsRead() => Kind switch
    {
        CheckKind.SumEquals => [.. Parts, Total!],
        CheckKind.NotBefore => [Column!, Other!],
        CheckKind.OneRequired => Columns,
        CheckKind.ScoreInRange => [Score!, Instrument!, Scale!],
        _ => [],
    };
}

/// <summary>One table of the data contract.</summary>
public sealed record TableDefinition
{
    /// <summary>The table's name, which is also its file name without <c>.csv</c>.</summary>
    public required string Name { get; init; }
    /// <summary>A short title.</summary>
    public required string Title { get; init; }
    /// <summary>What one row is.</summary>
    public required string Grain { get; init; }
    /// <summary>Whether every load must include this table's file. The default is false.</summary>
    public bool RequiredFile { get; init; }
    /// <summary>The source system a council typically extracts it from.</summary>
    public string Source { get; init; } = "";
    /// <summary>A longer description.</summary>
    public string Description { get; init; } = "";
    /// <summary>The columns that together identify a row, or empty for none.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];
    /// <summary>The columns, in contract order.</summary>
    public required IReadOnlyList<ColumnDefinition> Columns { get; init; }
    /// <summary>The rules over several columns.</summary>
    public IReadOnlyList<CheckDefinition> Checks { get; init; } = [];
    /// <summary>
    /// When true, the table's text values repeat row after row (a pupil's id on every term's row), so its text columns
    /// are stored with DuckDB's dictionary compression and the slower FSST is not tried. The default is false: every
    /// compression DuckDB has is tried.
    /// </summary>
    public bool RepeatedText { get; init; }

    /// <summary>The file a load reads for this table.</summary>
    public string FileName => Name + ".csv";

    /// <summary>The column of that name, or null.</summary>
    public ColumnDefinition? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
