using OutcomeAnalytics.Dictionary;

namespace OutcomeAnalytics.Generation;

/// <summary>The contract tables the generator writes, in the order their files are listed.</summary>
internal enum ExtractTable
{
    Families,
    People,
    FamilyMembers,
    Needs,
    Assessments,
    Attendance,
    Claims,
    EetStatus,
    Employment,
    Evidence,
    Exclusions,
    Incidents,
    Plans,
    Referrals,
    TermDates,
}

/// <summary>The columns written for each table: every column of the data dictionary, in its order.</summary>
internal static class ExtractTables
{
    public const int Count = 15;

    public static readonly string[] Names =
    [
        "families", "people", "family_members", "needs", "assessments", "attendance", "claims", "eet_status",
        "employment", "evidence", "exclusions", "incidents", "plans", "referrals", "term_dates",
    ];

    /// <summary>The table's definition in the data dictionary (the generator writes every column it defines).</summary>
    public static TableDefinition Definition(ExtractTable t) => DataDictionary.Default[Names[(int)t]];

    /// <summary>The column names written, in dictionary order.</summary>
    public static string[] Columns(ExtractTable t) => [.. Definition(t).Columns.Select(c => c.Name)];

    /// <summary>Tables whose rows other rows reference: a dirty row is added beside them, never made of them.</summary>
    public static bool IsReferenced(ExtractTable t) => t is ExtractTable.Families or ExtractTable.People;
}
