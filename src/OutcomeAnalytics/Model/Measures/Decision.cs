namespace OutcomeAnalytics.Model.Measures;

/// <summary>A measure's decision for one subject.</summary>
internal enum Outcome
{
    /// <summary><c>met</c>.</summary>
    Met,

    /// <summary><c>not_met</c>.</summary>
    NotMet,

    /// <summary><c>pending</c>: a window the rule reads has not finished by the evaluation date.</summary>
    Pending,

    /// <summary><c>insufficient_data</c>: a record the rule needs is missing.</summary>
    InsufficientData,
}

/// <summary>
/// One row of a measure's decision table: when <see cref="When"/> (a SQL condition) holds and no earlier case did,
/// the subject's status is <see cref="Status"/> and its reason <see cref="Reason"/> (a SQL text expression). The
/// last case of a table has no condition (<see cref="Decision.Otherwise"/>).
/// </summary>
internal sealed record Case(string? When, Outcome Status, string Reason);

/// <summary>
/// Records a measure reads, one row per subject, joined to the subjects (<c>subj s</c>) as <see cref="Alias"/>. A
/// subject without records has NULLs there, so a case reading a count writes <c>coalesce(e.n, 0)</c>.
/// </summary>
/// <param name="Alias">The name the cases and the detail read the records by.</param>
/// <param name="Sql">The join's right-hand side: a subquery or a name from <see cref="Decision.With"/>.</param>
/// <param name="Condition">More of the join condition besides <c>sid</c> (such as a window's name), or null.</param>
internal sealed record Records(string Alias, string Sql, string? Condition = null)
{
    /// <summary>The <c>WHERE</c> of records that only a closed family has (every case of its kind reads them after closure).</summary>
    public const string Closed = "s.c IS NOT NULL";

    /// <summary>
    /// Records aggregated per subject: <c>SELECT s.sid, {select} FROM subj s {from} [WHERE {where}] GROUP BY s.sid</c>.
    /// <paramref name="from"/> joins the subject (<c>s</c>) to its records; <paramref name="select"/> aggregates them.
    /// </summary>
    public static Records PerSubject(string alias, string select, string from, string? where = null) => new(alias, $"""
        (
          SELECT s.sid,
            {Indent(select, "    ")}
          FROM subj s
            {Indent(from, "    ")}{(where is null ? "" : $"\n  WHERE {where}")}
          GROUP BY s.sid)
        """);

    private static string Indent(string text, string by) => text.Trim().Replace("\n", "\n" + by, StringComparison.Ordinal);
}

/// <summary>
/// A measure kind's decision, as a table: the records it reads per subject, its ordered cases (when, status,
/// reason) and the fields of its detail. <see cref="Sql"/> writes the one statement every kind has: the subjects
/// (<c>subj s</c>) left-joined to each set of records, the status and the reason from the same cases, in order,
/// and the detail JSON. A kind that judges the months after closure sets <see cref="PendingUntilClosure"/>, which
/// puts the pending case first.
/// </summary>
internal sealed class Decision
{
    /// <summary>Common table expressions the records read (<c>name AS (...)</c>, comma separated), or null.</summary>
    public string? With { get; init; }

    /// <summary>The records, each joined to the subjects by <c>sid</c>.</summary>
    public IReadOnlyList<Records> Records { get; init; } = [];

    /// <summary>
    /// True when the subject is pending until the post-closure window has finished (<see cref="MeasureSql.ClosureWindowsDone"/>),
    /// with the reason saying whether the family is still open or when the window ends. The default is false.
    /// </summary>
    public bool PendingUntilClosure { get; init; }

    /// <summary>The cases, in order; the last one has no condition.</summary>
    public required IReadOnlyList<Case> Cases { get; init; }

    /// <summary>
    /// The detail's fields (name, SQL value; <see cref="JsonText.Obj"/>), built only when the run writes details, so the
    /// values only the detail reads never become statement parameters.
    /// </summary>
    public required Func<(string Key, string Value)[]> Detail { get; init; }

    /// <summary>The fields kept when the run writes decisions only (such as a flag the need's result reads), or null for none.</summary>
    public Func<(string Key, string Value)[]>? DecisionsOnlyDetail { get; init; }

    /// <summary>A case: when <paramref name="condition"/> holds (and no earlier case did), this status and reason.</summary>
    public static Case When(string condition, Outcome status, string reason) => new(condition, status, reason);

    /// <summary>The last case, for every subject no earlier case took.</summary>
    public static Case Otherwise(Outcome status, string reason) => new(null, status, reason);

    /// <summary>The SQL name of a status.</summary>
    public static string Name(Outcome status) => status switch
    {
        Outcome.Met => "met",
        Outcome.NotMet => "not_met",
        Outcome.Pending => "pending",
        Outcome.InsufficientData => "insufficient_data",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The SELECT returning <c>(sid, node_id, status, reason, detail)</c> for every subject.</summary>
    public string Sql(MeasureSql q)
    {
        if (Cases.Count == 0 || Cases[^1].When is not null || Cases.Take(Cases.Count - 1).Any(c => c.When is null))
            throw new InvalidOperationException("A decision's cases end with one case without a condition (Otherwise), and only the last.");
        IReadOnlyList<Case> cases = PendingUntilClosure ? [When($"NOT {q.ClosureWindowsDone}", Outcome.Pending, q.ClosurePending), .. Cases] : Cases;
        string Ladder(Func<Case, string> value) => cases.Count == 1 ? value(cases[0])
            : "CASE " + string.Join("\n       ", cases.Select(c => c.When is null ? $"ELSE {value(c)} END" : $"WHEN {c.When} THEN {value(c)}"));
        var detail = q.Details ? JsonText.Render(JsonText.Obj(Detail()))
            : DecisionsOnlyDetail is { } kept ? JsonText.Render(JsonText.Obj(kept())) : "CAST(NULL AS VARCHAR)";
        var joins = string.Concat(Records.Select(r => $"\nLEFT JOIN {r.Sql} {r.Alias} ON {r.Alias}.sid = s.sid{(r.Condition is null ? "" : " AND " + r.Condition)}"));
        return (With is null ? "" : $"WITH {With.Trim()}\n") + $"""
            SELECT s.sid, s.node_id,
              {Ladder(c => $"'{Name(c.Status)}'")} AS status,
              {Ladder(c => c.Reason)} AS reason,
              {detail} AS detail
            FROM subj s
            """ + joins;
    }
}
