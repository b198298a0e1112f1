namespace OutcomeAnalytics.Generation;

/// <summary>
/// The problems <c>--dirty</c> injects, as written in the manifest's <c>kind</c> column, and the loader rule each
/// one must trigger (the manifest's <c>rule</c> column). One problem per dirty row; see
/// <c>data-dictionary/synthetic-data.md</c> for what each looks like.
/// </summary>
public static class DirtKinds
{
    /// <summary>A date written DD/MM/YYYY in an ISO extract (rule <c>date</c>).</summary>
    public const string DateDayMonthYear = "date_dd_mm_yyyy";
    /// <summary>A date that does not exist, such as 2023-02-30 or month 13 (rule <c>date</c>).</summary>
    public const string DateImpossible = "date_impossible";
    /// <summary>A year typed wrong (2023 as 2203, or two digits as 0023): outside the plausible range (rule <c>date_range</c>).</summary>
    public const string DateImplausible = "date_implausible";
    /// <summary>A controlled value misspelt (autum, child in need) (rule <c>controlled_value</c>).</summary>
    public const string CodeTypo = "code_typo";
    /// <summary>A code from another system (N/K, TBC, 99) (rule <c>controlled_value</c>).</summary>
    public const string CodeUnknown = "code_unknown";
    /// <summary>A yes/no value that is neither (rule <c>boolean</c>).</summary>
    public const string BadBoolean = "bad_boolean";
    /// <summary>A number written wrongly: 12.0 for a whole number, 2,5 for a decimal (rule <c>integer</c> or <c>decimal</c>).</summary>
    public const string BadNumber = "bad_number";
    /// <summary>A negative count or days lost beyond a year (rule <c>range</c>).</summary>
    public const string OutOfRange = "out_of_range";
    /// <summary>A questionnaire score outside its scale (rule <c>score_in_range</c>).</summary>
    public const string ScoreOutOfRange = "score_out_of_range";
    /// <summary>Attendance sessions that do not add up to the possible sessions (rule <c>sum_equals</c>).</summary>
    public const string SessionsDoNotAddUp = "sessions_do_not_add_up";
    /// <summary>An end date before its start date (rule <c>not_before</c>).</summary>
    public const string EndBeforeStart = "end_before_start";
    /// <summary>A text value breaking its pattern: a local authority code that lost a zero, a framework in capitals (rule <c>pattern</c>).</summary>
    public const string BadPattern = "bad_pattern";
    /// <summary>A reference to a person or family not in the extract (rule <c>reference</c>).</summary>
    public const string OrphanReference = "orphan_reference";
    /// <summary>A person id that lost its leading zeros on the way through a spreadsheet, so it matches no one (rule <c>reference</c>).</summary>
    public const string IdLostLeadingZeros = "id_lost_leading_zeros";
    /// <summary>A person id padded with an extra leading zero by another system, so it matches no one (rule <c>reference</c>).</summary>
    public const string IdExtraLeadingZero = "id_extra_leading_zero";
    /// <summary>A second copy of a row, placed after it: the first is kept (rule <c>duplicate_key</c>).</summary>
    public const string DuplicateId = "duplicate_id";
    /// <summary>A required value left empty (rule <c>required</c>).</summary>
    public const string BlankRequired = "blank_required";
    /// <summary>A space before or after a value (rule <c>whitespace</c>).</summary>
    public const string StrayWhitespace = "stray_whitespace";
    /// <summary>A column the contract does not have: a file-level warning, not a reject (manifest line 1, no rule).</summary>
    public const string ExtraColumn = "extra_column";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DateDayMonthYear, DateImpossible, DateImplausible, CodeTypo, CodeUnknown, BadBoolean, BadNumber, OutOfRange,
        ScoreOutOfRange, SessionsDoNotAddUp, EndBeforeStart, BadPattern, OrphanReference, IdLostLeadingZeros,
        IdExtraLeadingZero, DuplicateId, BlankRequired, StrayWhitespace, ExtraColumn,
    ];

    /// <summary>The loader rules a kind may trigger (the manifest names the exact one).</summary>
    public static IReadOnlyList<string> Rules(string kind) => kind switch
    {
        DateDayMonthYear or DateImpossible => ["date"],
        DateImplausible => ["date_range"],
        CodeTypo or CodeUnknown => ["controlled_value"],
        BadBoolean => ["boolean"],
        BadNumber => ["integer", "decimal"],
        OutOfRange => ["range"],
        ScoreOutOfRange => ["score_in_range"],
        SessionsDoNotAddUp => ["sum_equals"],
        EndBeforeStart => ["not_before"],
        BadPattern => ["pattern"],
        OrphanReference or IdLostLeadingZeros or IdExtraLeadingZero => ["reference"],
        DuplicateId => ["duplicate_key"],
        BlankRequired => ["required"],
        StrayWhitespace => ["whitespace"],
        ExtraColumn => [],
        _ => throw new ArgumentException($"Unknown dirt kind '{kind}'.", nameof(kind)),
    };
}

/// <summary>One injected problem: where it is and which loader rule should reject it.</summary>
/// <param name="File">The CSV file.</param>
/// <param name="Line">The line (the header is line 1; an extra column is reported on line 1).</param>
/// <param name="Column">The column the loader will name (for a duplicate, the key columns joined by +).</param>
/// <param name="Kind">One of <see cref="DirtKinds"/>.</param>
/// <param name="Rule">The loader rule expected, empty for a file-level warning.</param>
public sealed record DirtRecord(string File, int Line, string Column, string Kind, string Rule);
