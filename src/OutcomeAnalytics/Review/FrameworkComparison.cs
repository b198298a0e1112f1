using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Review;

/// <summary>A family's claim under each of two frameworks.</summary>
public sealed record FamilyComparison(string FamilyId, string StatusA, string StatusB, int NeedsMetA, int NeedsMetB, string ReasonA, string ReasonB);

/// <summary>
/// A need under each of two frameworks: the codes correspond through the crosswalks; a side is empty (null) where its
/// framework has no counterpart, or judges a different person.
/// </summary>
public sealed record NeedComparison(string FamilyId, string? NeedCodeA, string? NeedCodeB, string? PersonId, string? StatusA, string? StatusB, string? ReasonA, string? ReasonB);

/// <summary>
/// A family whose claim status differs between the two frameworks, and what made it differ.
/// </summary>
/// <param name="FamilyId">The family.</param>
/// <param name="StatusA">Its status under the first framework.</param>
/// <param name="StatusB">Its status under the second.</param>
/// <param name="ReasonA">The first framework's reason.</param>
/// <param name="ReasonB">The second framework's reason.</param>
/// <param name="Causes">Each difference between the frameworks (<see cref="FrameworkDiff"/>, as <see cref="RuleDifference.Element"/>) that, applied alone to the first, gives the second's status; empty when none does alone.</param>
/// <param name="Needs">The needs whose status differs between the sides, each with both statuses and reasons: both explanations.</param>
public sealed record FlippedFamily(string FamilyId, string StatusA, string StatusB, string ReasonA, string ReasonB, IReadOnlyList<string> Causes, IReadOnlyList<string> Needs)
{
    /// <summary>What a reader is told caused the flip: the differences, or that several act together.</summary>
    public string Cause => Causes.Count > 0 ? string.Join("; ", Causes) : NoSingleCause;

    /// <summary>The cause given when no difference alone gives the second framework's status.</summary>
    public const string NoSingleCause = "no single difference alone (see the needs that decided each side)";
}

/// <summary>
/// Two frameworks evaluated on the same database at the same date: the claim of every family under each, the needs
/// side by side, the agreement matrix of statuses and, for every family that flips, why.
/// </summary>
public sealed class FrameworkComparison
{
    /// <summary>The claim statuses in the order the agreement matrix shows them.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["claimable", "not_met", "pending", "insufficient_data", "open", "not_eligible", "already_claimed"];

    private FrameworkComparison(Framework a, Framework b, DateOnly asAt, string recordedUnder)
        => (A, B, AsAt, RecordedUnder) = (a, b, asAt, recordedUnder);

    /// <summary>The first framework.</summary>
    public Framework A { get; }
    /// <summary>The second framework.</summary>
    public Framework B { get; }
    /// <summary>The evaluation date.</summary>
    public DateOnly AsAt { get; }
    /// <summary>The framework the needs were recorded under, which each side judges through the crosswalks.</summary>
    public string RecordedUnder { get; }
    /// <summary>The differences between the frameworks, rule by rule.</summary>
    public IReadOnlyList<RuleDifference> Differences { get; private set; } = [];
    /// <summary>One row per family, in family order.</summary>
    public IReadOnlyList<FamilyComparison> Families { get; private set; } = [];
    /// <summary>The needs side by side, by family, then the first framework's order.</summary>
    public IReadOnlyList<NeedComparison> Needs { get; private set; } = [];
    /// <summary>Recorded needs each framework could not judge (no counterpart through the crosswalk), and why.</summary>
    public IReadOnlyList<UnmappedNeed> UnmappedA { get; private set; } = [];
    /// <inheritdoc cref="UnmappedA"/>
    public IReadOnlyList<UnmappedNeed> UnmappedB { get; private set; } = [];
    /// <summary>Families whose status differs, with the cause.</summary>
    public IReadOnlyList<FlippedFamily> Flipped { get; private set; } = [];
    /// <summary>The number of differences tried one at a time (each one evaluation of the first framework).</summary>
    public int DifferencesTried { get; private set; }

    /// <summary>The agreement matrix: families by status under <see cref="A"/> (rows) and <see cref="B"/> (columns), raw counts for the data team.</summary>
    public CountTable Agreement() => CountTable.Pivot($"Family claim status: {A.Id} (rows) against {B.Id} (columns), {AsAt:yyyy-MM-dd}", A.Id,
        Families.Select(f => (f.StatusA, f.StatusB, 1L)), Statuses, Statuses);

    /// <summary>How many families have the same status under both.</summary>
    public int Agreeing => Families.Count(f => f.StatusA == f.StatusB);

    /// <summary>
    /// Evaluates both frameworks on <paramref name="connection"/>'s database at <paramref name="asAt"/>, each judging the
    /// needs recorded under <paramref name="recordedUnder"/> through the crosswalks, and attributes each flip.
    /// </summary>
    /// <param name="connection">A loaded database.</param>
    /// <param name="a">The first framework.</param>
    /// <param name="b">The second framework.</param>
    /// <param name="asAt">The evaluation date.</param>
    /// <param name="recordedUnder">The framework the needs are recorded under (default: phase 3).</param>
    /// <param name="onStep">Told each step's name as it starts (for progress).</param>
    /// <param name="crosswalks">Crosswalks of the reviewer's own, used before the built-in ones.</param>
    public static FrameworkComparison Run(DuckDBConnection connection, Framework a, Framework b, DateOnly asAt, Framework? recordedUnder = null, Action<string>? onStep = null,
        IReadOnlyList<Crosswalk>? crosswalks = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        recordedUnder ??= FrameworkLoader.Get(Crosswalk.Hub);
        var result = new FrameworkComparison(a, b, asAt, recordedUnder.Id) { Differences = FrameworkDiff.Compare(a, b) };
        using var needsA = NeedTranslation.Create(connection, a, recordedUnder, crosswalks);
        using var needsB = NeedTranslation.Create(connection, b, recordedUnder, crosswalks);
        (result.UnmappedA, result.UnmappedB) = (needsA.Unmapped, needsB.Unmapped);
        onStep?.Invoke($"evaluating {a.Id}");
        using var evalA = Evaluator.Run(connection, a, a.Bind(), asAt, needsA.Table, details: false);
        onStep?.Invoke($"evaluating {b.Id}");
        using var evalB = Evaluator.Run(connection, b, b.Bind(), asAt, needsB.Table, details: false);
        var claimsB = evalB.Claims.ToDictionary(c => c.FamilyId, StringComparer.Ordinal);
        result.Families = [.. evalA.Claims.Select(c => (A: c, B: claimsB[c.FamilyId]))
            .Select(x => new FamilyComparison(x.A.FamilyId, x.A.Status, x.B.Status, x.A.NeedsMet, x.B.NeedsMet, x.A.Reason, x.B.Reason))];
        result.Needs = ReadNeeds(connection, evalA, evalB, NeedTranslation.Map(b, a, crosswalks).Pairs);
        result.Flipped = result.Attribute(connection, needsA.Table, onStep);
        return result;
    }

    /// <summary>The need rows of both evaluations, joined where the codes correspond (through the crosswalks) for the same person.</summary>
    private static List<NeedComparison> ReadNeeds(DuckDBConnection connection, EvaluationRun a, EvaluationRun b, IReadOnlyList<(string From, string To)> pairs)
    {
        var sql = new SqlText();
        var map = pairs.Count == 0 ? "SELECT NULL::VARCHAR AS code_a, NULL::VARCHAR AS code_b WHERE false"
            : "VALUES " + string.Join(", ", pairs.Select(p => $"({sql.P(p.From)}, {sql.P(p.To)})"));
        sql.Append($"""
            WITH m(code_a, code_b) AS ({map}),
            a AS (SELECT r.*, m.code_b FROM {a.NeedResultsTable} r LEFT JOIN m ON m.code_a = r.need_code)
            SELECT coalesce(a.family_id, b.family_id) AS family_id, a.need_code, b.need_code, coalesce(a.person_id, b.person_id),
              a.status, b.status, a.reason, b.reason
            FROM a FULL JOIN {b.NeedResultsTable} b
              ON b.family_id = a.family_id AND b.need_code = a.code_b AND b.person_id IS NOT DISTINCT FROM a.person_id
            ORDER BY family_id, coalesce(a.sid, b.sid), b.sid
            """);
        return connection.Rows(sql.ToString(), r => new NeedComparison(r.GetString(0), r.Field<string>(1), r.Field<string>(2), r.Field<string>(3),
            r.Field<string>(4), r.Field<string>(5), r.Field<string>(6), r.Field<string>(7)), [.. sql.Parameters]);
    }

    /// <summary>
    /// For each family that flips: the differences that, each applied alone to <see cref="A"/>, give the family
    /// <see cref="B"/>'s status. A difference is applied alone by evaluating A with B's value of the parameter, B's
    /// rule for the need, or B's eligibility or claim rule; a need or parameter of one framework only cannot be
    /// applied alone. Families no single difference explains are given the needs that decided each side.
    /// </summary>
    private List<FlippedFamily> Attribute(DuckDBConnection connection, string needsTableA, Action<string>? onStep)
    {
        var flips = Families.Where(f => f.StatusA != f.StatusB).ToList();
        var causes = flips.ToDictionary(f => f.FamilyId, _ => new List<string>(), StringComparer.Ordinal);
        if (flips.Count > 0)
            foreach (var (label, variant, parameters) in Variants())
            {
                onStep?.Invoke($"trying {label} alone");
                DifferencesTried++;
                using var evaluation = Evaluator.Run(connection, variant, parameters, AsAt, needsTableA, details: false);
                var status = evaluation.Claims.ToDictionary(c => c.FamilyId, c => c.Status, StringComparer.Ordinal);
                foreach (var f in flips)
                    if (status.TryGetValue(f.FamilyId, out var s) && s == f.StatusB) causes[f.FamilyId].Add(label);
            }
        var deciding = DecidingNeeds(flips);
        return [.. flips.Select(f => new FlippedFamily(f.FamilyId, f.StatusA, f.StatusB, f.ReasonA, f.ReasonB, causes[f.FamilyId], deciding.GetValueOrDefault(f.FamilyId, [])))];
    }

    /// <summary>The first framework with one difference of the second applied, for each difference that can be applied alone.</summary>
    private IEnumerable<(string Label, Framework Variant, ParameterSet Parameters)> Variants()
    {
        var merged = A.Parameters.Concat(B.Parameters.Where(p => A.Parameters.All(x => x.Name != p.Name))).ToList();
        var withB = A with { Parameters = merged };
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in Differences)
        {
            // A need's scope and rule are applied together, as B states the need: one run for both.
            if (d.Kind == DifferenceKind.Need && !tried.Add(d.Element)) continue;
            (Framework Variant, IEnumerable<KeyValuePair<string, string>> Overrides)? applied = d switch
            {
                { Kind: DifferenceKind.Parameter, Aspect: "default" } => (A, [new(d.Name, d.B!)]),
                { Kind: DifferenceKind.Need, Aspect: "rule" or "scope" } => (withB with { Needs = [.. A.Needs.Select(n => n.Code == d.Name ? B.Need(d.Name)! with { Headline = n.Headline } : n)] }, []),
                { Kind: DifferenceKind.Eligibility } => (withB with { Eligibility = B.Eligibility }, []),
                { Kind: DifferenceKind.Claim, Aspect: "due months after closure" } => (withB with { ClaimDueMonths = B.ClaimDueMonths }, []),
                _ => null,
            };
            if (applied is not { } x) continue;
            ParameterSet parameters;
            try
            {
                parameters = x.Variant.Bind(x.Overrides);
            }
            catch (FormatException)
            {
                continue; // B's value is not one A's parameter can take: this difference cannot be tried alone.
            }
            yield return (d.Element + (d.Aspect == "default" ? $" = {d.B}" : ""), x.Variant, parameters);
        }
    }

    /// <summary>For each flipped family, the needs whose status differs between the two sides (or are on one side only), with both reasons.</summary>
    private Dictionary<string, IReadOnlyList<string>> DecidingNeeds(IReadOnlyList<FamilyComparison> flips)
    {
        var flipped = flips.Select(f => f.FamilyId).ToHashSet(StringComparer.Ordinal);
        return Needs.Where(n => flipped.Contains(n.FamilyId) && n.StatusA != n.StatusB)
            .GroupBy(n => n.FamilyId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(n =>
                $"need {n.NeedCodeA ?? "-"}/{n.NeedCodeB ?? "-"}{(n.PersonId is null ? "" : " for " + n.PersonId)}: "
                + $"{A.Id} {n.StatusA ?? "not judged"}{(n.ReasonA is null ? "" : $" ({n.ReasonA})")}; {B.Id} {n.StatusB ?? "not judged"}{(n.ReasonB is null ? "" : $" ({n.ReasonB})")}")],
                StringComparer.Ordinal);
    }

    /// <summary>Writes <c>families.csv</c>: <c>family_id,status_a,status_b,needs_met_a,needs_met_b</c> (row-level, for the data team).</summary>
    public void WriteFamiliesCsv(TextWriter writer, bool raw = false) =>
        CsvFile.Write(writer, ["family_id", "status_a", "status_b", "needs_met_a", "needs_met_b"],
            Families.Select(f => new object?[] { f.FamilyId, f.StatusA, f.StatusB, f.NeedsMetA, f.NeedsMetB }), raw);

    /// <summary>Writes <c>needs.csv</c>: <c>family_id,need_code_a,need_code_b,person_id,status_a,status_b,reason_a,reason_b</c>.</summary>
    public void WriteNeedsCsv(TextWriter writer, bool raw = false) =>
        CsvFile.Write(writer, ["family_id", "need_code_a", "need_code_b", "person_id", "status_a", "status_b", "reason_a", "reason_b"],
            Needs.Select(n => new object?[] { n.FamilyId, n.NeedCodeA, n.NeedCodeB, n.PersonId, n.StatusA, n.StatusB, n.ReasonA, n.ReasonB }), raw);

    /// <summary>
    /// The summary for people outside the data team: the agreement matrix through <paramref name="control"/>, and
    /// for each cause how many families it flipped (protected too). No family is named.
    /// </summary>
    public string Summary(DisclosureControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var w = new StringWriter();
        var matrix = control.Protect(Agreement());
        w.WriteLine($"{A.Id} against {B.Id} at {AsAt:yyyy-MM-dd} (needs recorded under {RecordedUnder}); rows {A.Id}, columns {B.Id}:");
        var labels = Statuses.Select(s => s.Length).Prepend(A.Id.Length).Max() + 2;
        string Cell(string text, int column) => text.PadLeft((column < Statuses.Count ? Math.Max(Statuses[column].Length, 7) : 7) + 2);
        string Line(string label, Func<int, string> cell) => label.PadRight(labels) + string.Concat(Enumerable.Range(0, Statuses.Count + 1).Select(c => Cell(cell(c), c)));
        w.WriteLine(Line("", c => c < Statuses.Count ? Statuses[c] : "total"));
        for (var r = 0; r < Statuses.Count; r++)
            w.WriteLine(Line(Statuses[r], c => (c < Statuses.Count ? matrix[r, c] : matrix.RowTotal(r)).Text));
        w.WriteLine(Line("total", c => (c < Statuses.Count ? matrix.ColumnTotal(c) : matrix.GrandTotal).Text));
        w.WriteLine($"Same status: {control.Protect(Agreeing).Text} of {control.Protect(Families.Count).Text} families; different: {control.Protect(Flipped.Count).Text}.");
        if (matrix.AnyHidden) w.WriteLine(control.Note);
        var byCause = Flipped.SelectMany(f => f.Causes.DefaultIfEmpty(FlippedFamily.NoSingleCause))
            .GroupBy(c => c, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (byCause.Count > 0)
        {
            w.WriteLine($"Families that flip, by the difference that alone gives {B.Id}'s status ({DifferencesTried} difference(s) tried one at a time):");
            foreach (var g in byCause) w.WriteLine($"  {control.Protect(g.Count()).Text,7}  {g.Key}");
        }
        foreach (var u in UnmappedA.Select(u => (Side: A.Id, u)).Concat(UnmappedB.Select(u => (Side: B.Id, u))))
            w.WriteLine($"Not judged by {u.Side}: {control.Protect(u.u.Rows).Text} need row(s) recorded as {u.u.NeedCode}: {u.u.Reason}");
        return w.ToString();
    }
}
