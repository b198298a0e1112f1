using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Model.Measures;

namespace OutcomeAnalytics.Cohorts;

/// <summary>
/// A set of families (family episodes), defined by what the loaded data and an evaluation say about them: attached or
/// closed in a period, open at a date, locality, lead practitioner, family size, a child under a given age, needs or
/// headlines identified, number of needs, claim status. Segments compose with <c>&amp;</c>, <c>|</c> and <c>!</c>
/// (or <see cref="AllOf"/>, <see cref="AnyOf"/>, <see cref="Not"/>); named ones are read from
/// <c>models/cohorts.yaml</c> (<see cref="CohortModel"/>). Each compiles to a SQL condition on the
/// <c>families</c> row (alias <c>f</c>) whose values are bound parameters, never SQL text.
/// </summary>
public abstract record Segment
{
    /// <summary>The name in the cohort model, or null for a segment built in code.</summary>
    public string? Name { get; init; }

    /// <summary>A title for tables and charts, or null to use the name or the description.</summary>
    public string? Title { get; init; }

    /// <summary>How tables label the segment: its title, else its name, else its description.</summary>
    public string Label => Title ?? Name ?? Describe();

    /// <summary>What the segment selects, in words (for a composition, its parts' labels).</summary>
    public abstract string Describe();

    /// <summary>The SQL condition on the <c>families</c> row <c>f</c>.</summary>
    internal abstract string Where(SegmentSql q);

    /// <summary>Every family.</summary>
    public static Segment Everyone { get; } = new EveryoneSegment();

    /// <summary>Families attached in <paramref name="period"/> (both ends included).</summary>
    public static Segment AttachedIn(Period period) => new AttachedInSegment(period);

    /// <summary>Families attached in a period given as text (<see cref="Period.Parse"/>: <c>2025/26</c>, <c>2025/26 Q1</c>, …).</summary>
    public static Segment AttachedIn(string period) => new AttachedInSegment(Period.Parse(period));

    /// <summary>Families whose support closed in <paramref name="period"/>.</summary>
    public static Segment ClosedIn(Period period) => new ClosedInSegment(period);

    /// <summary>Families whose support closed in a period given as text.</summary>
    public static Segment ClosedIn(string period) => new ClosedInSegment(Period.Parse(period));

    /// <summary>
    /// Families open at <paramref name="date"/>: attached on or before it and not closed by it (a family closing on the
    /// date is closed). Null means the evaluation date.
    /// </summary>
    public static Segment OpenAt(DateOnly? date = null) => new OpenAtSegment(date);

    /// <summary>Families closed on or before <paramref name="date"/> (null: the evaluation date); a family attached later is not.</summary>
    public static Segment ClosedBy(DateOnly? date = null) => new ClosedBySegment(date);

    /// <summary>Families in any of the localities (as the data writes them, any case).</summary>
    public static Segment Locality(params string[] localities) => new ColumnSegment("locality", localities);

    /// <summary>Families recorded as having (or, with false, not having) a lead practitioner.</summary>
    public static Segment LeadPractitioner(bool has = true) => new ColumnSegment("lead_practitioner", [has ? "true" : "false"]);

    /// <summary>
    /// Families whose <paramref name="column"/> of the <c>families</c> table holds one of <paramref name="values"/>: any
    /// text, code or yes/no column of the data dictionary, such as a team where the data has one.
    /// </summary>
    /// <exception cref="ArgumentException">No such column, a column of another type, or a value it cannot hold.</exception>
    public static Segment Column(string column, params string[] values) => new ColumnSegment(column, values);

    /// <summary>Families with <paramref name="min"/> to <paramref name="max"/> members (either end open when null).</summary>
    public static Segment FamilySize(int? min = null, int? max = null) => new CountSegment(CountOf.Members, min, max);

    /// <summary>Families with a member under <paramref name="years"/> at attachment (an unborn child with an expected date counts).</summary>
    public static Segment ChildUnder(int years = 5) => new ChildUnderSegment(years);

    /// <summary>Families with any of these needs identified (codes of the evaluation's framework).</summary>
    public static Segment NeedIdentified(params string[] codes) => new NeedSegment(codes, []);

    /// <summary>Families with a need of any of these headlines identified.</summary>
    public static Segment HeadlineIdentified(params int[] headlines) => new NeedSegment([], headlines);

    /// <summary>Families with <paramref name="min"/> to <paramref name="max"/> distinct needs of the framework identified.</summary>
    public static Segment NeedCount(int? min = null, int? max = null) => new CountSegment(CountOf.Needs, min, max);

    /// <summary>Families whose claim has one of these statuses in the evaluation (<see cref="ClaimStatuses"/>).</summary>
    public static Segment ClaimStatus(params string[] statuses) => new ClaimStatusSegment(statuses);

    /// <summary>Families in every part.</summary>
    public static Segment AllOf(params Segment[] parts) => new AllOfSegment(parts);

    /// <summary>Families in any part.</summary>
    public static Segment AnyOf(params Segment[] parts) => new AnyOfSegment(parts);

    /// <summary>Families not in <paramref name="segment"/>.</summary>
    public static Segment Not(Segment segment) => new NotSegment(segment);

    /// <summary>The statuses a family's claim can have (<see cref="Evaluation.FamilyClaim.Status"/>).</summary>
    public static IReadOnlyList<string> ClaimStatuses { get; } = ["claimable", "not_met", "pending", "open", "not_eligible", "insufficient_data", "already_claimed"];

    /// <summary>Families in both.</summary>
    public static Segment operator &(Segment left, Segment right) => new AllOfSegment([left, right]);

    /// <summary>Families in either.</summary>
    public static Segment operator |(Segment left, Segment right) => new AnyOfSegment([left, right]);

    /// <summary>Families not in the segment.</summary>
    public static Segment operator !(Segment segment) => new NotSegment(segment);

    /// <summary>Names this segment (for tables and charts).</summary>
    public Segment Titled(string title) => this with { Title = title };

    /// <summary>Intersection.</summary>
    public static Segment BitwiseAnd(Segment left, Segment right) => left & right;

    /// <summary>Union.</summary>
    public static Segment BitwiseOr(Segment left, Segment right) => left | right;

    /// <summary>Complement.</summary>
    public static Segment LogicalNot(Segment segment) => !segment;

    /// <inheritdoc />
    public override string ToString() => Label;
}

/// <summary>What a compiled segment's SQL reads: the statement's parameters, the framework, the evaluation date and the claims table.</summary>
internal sealed class SegmentSql(SqlText sql, Framework framework, DateOnly asAt, string? claims)
{
    public string P(object? value) => sql.P(value);

    public string In(IEnumerable<object> values) => string.Join(", ", values.Select(P));

    public Framework Framework => framework;

    public DateOnly AsAt => asAt;

    public string Claims => claims ?? throw new InvalidOperationException("A claim-status segment needs an evaluation: explore the cohort with a CohortExplorer made from one.");

    /// <summary>The framework's need codes, as placeholders (needs of other frameworks or unknown codes are not counted).</summary>
    public string FrameworkNeeds => $"coalesce(n.framework, {P(framework.Id)}) = {P(framework.Id)} AND n.need_code IN ({In(framework.Needs.Select(x => (object)x.Code))})";
}

internal sealed record EveryoneSegment : Segment
{
    public override string Describe() => "all families";
    internal override string Where(SegmentSql q) => "true";
}

internal sealed record AttachedInSegment(Period Period) : Segment
{
    public override string Describe() => $"attached in {Period.Label}";
    internal override string Where(SegmentSql q) => $"f.attached_date BETWEEN {q.P(Period.From)} AND {q.P(Period.To)}";
}

internal sealed record ClosedInSegment(Period Period) : Segment
{
    public override string Describe() => $"closed in {Period.Label}";
    internal override string Where(SegmentSql q) => $"f.closure_date BETWEEN {q.P(Period.From)} AND {q.P(Period.To)}";
}

internal sealed record OpenAtSegment(DateOnly? Date) : Segment
{
    public override string Describe() => Date is { } d ? $"open at {d:yyyy-MM-dd}" : "open at the evaluation date";

    internal override string Where(SegmentSql q)
    {
        var t = q.P(Date ?? q.AsAt);
        return $"(f.attached_date <= {t} AND (f.closure_date IS NULL OR f.closure_date > {t}))";
    }
}

internal sealed record ClosedBySegment(DateOnly? Date) : Segment
{
    public override string Describe() => Date is { } d ? $"closed by {d:yyyy-MM-dd}" : "closed by the evaluation date";

    internal override string Where(SegmentSql q) => $"f.closure_date <= {q.P(Date ?? q.AsAt)}";
}

/// <summary>A column of <c>families</c> holding one of some values; the column and values are checked against the data dictionary.</summary>
internal sealed record ColumnSegment : Segment
{
    public ColumnSegment(string column, IReadOnlyList<string> values)
    {
        var table = DataDictionary.Default["families"];
        var definition = table.Column(column) ?? throw new ArgumentException(
            $"families has no column '{column}' (it has: {string.Join(", ", table.Columns.Select(c => c.Name))}).", nameof(column));
        if (definition.Type is not (ColumnType.Text or ColumnType.Code or ColumnType.Boolean or ColumnType.Id))
            throw new ArgumentException($"families.{column} holds {definition.Type} values: a segment can select on a text, code or yes/no column (use attached_in, closed_in or open_at for dates).", nameof(column));
        if (values.Count == 0) throw new ArgumentException($"A segment on families.{column} needs at least one value.", nameof(values));
        ColumnName = column;
        Type = definition.Type;
        Values = [.. values.Select(v => Typed(definition, v))];
    }

    public string ColumnName { get; }
    public ColumnType Type { get; }
    public IReadOnlyList<object> Values { get; }

    private static object Typed(ColumnDefinition column, string value) => column.Type switch
    {
        ColumnType.Boolean => value.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw new ArgumentException($"'{value}' is not a value of families.{column.Name} (true or false).", nameof(value)),
        },
        ColumnType.Code => column.Values.FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{value}' is not a value of families.{column.Name} (it takes: {string.Join(", ", column.Values)}).", nameof(value)),
        _ => value.Trim(),
    };

    public override string Describe() => $"{ColumnName.Replace('_', ' ')} {string.Join(" or ", Values.Select(v => v is bool b ? (b ? "yes" : "no") : v))}";

    internal override string Where(SegmentSql q) => Type == ColumnType.Text
        // Free text as the data writes it: matched whatever its case and surrounding spaces.
        ? $"lower(trim(f.{ColumnName})) IN ({q.In(Values.Select(v => (object)((string)v).ToLowerInvariant()))})"
        : $"f.{ColumnName} IN ({q.In(Values)})";

    public bool Equals(ColumnSegment? other) => other is not null && base.Equals(other) && ColumnName == other.ColumnName && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ColumnName, Values.Count);
}

internal enum CountOf { Members, Needs }

internal sealed record CountSegment : Segment
{
    public CountSegment(CountOf of, int? min, int? max)
    {
        if (min is null && max is null) throw new ArgumentException("Give a minimum, a maximum or both.", nameof(min));
        if (min < 0 || max < 0) throw new ArgumentOutOfRangeException(nameof(min), "A count cannot be below 0.");
        if (min > max) throw new ArgumentException($"The minimum {min} is above the maximum {max}.", nameof(min));
        (Of, Min, Max) = (of, min, max);
    }

    public CountOf Of { get; }
    public int? Min { get; }
    public int? Max { get; }

    public override string Describe()
    {
        var what = Of == CountOf.Members ? "members" : "needs";
        return (Min, Max) switch
        {
            ({ } a, { } b) when a == b => $"{a} {what}",
            ({ } a, { } b) => $"{a} to {b} {what}",
            ({ } a, null) => $"{a} or more {what}",
            _ => $"{Max} or fewer {what}",
        };
    }

    internal override string Where(SegmentSql q)
    {
        var count = Of == CountOf.Members
            ? "(SELECT count(*) FROM family_members m WHERE m.family_id = f.family_id)"
            : $"(SELECT count(DISTINCT n.need_code) FROM needs n WHERE n.family_id = f.family_id AND {q.FrameworkNeeds})";
        var parts = new List<string>();
        if (Min is { } min) parts.Add($"{count} >= {q.P(min)}");
        if (Max is { } max) parts.Add($"{count} <= {q.P(max)}");
        return "(" + string.Join(" AND ", parts) + ")";
    }
}

/// <summary>
/// Families with a member under <see cref="Years"/> on the attached date, ages as the evaluator reckons them
/// (<see cref="AgeSql.UnderAgeAt"/>): a child born on 29 February has the birthday on 1 March in other years.
/// </summary>
internal sealed record ChildUnderSegment : Segment
{
    public ChildUnderSegment(int years) =>
        Years = years is > 0 and <= 25 ? years : throw new ArgumentOutOfRangeException(nameof(years), years, "An age in whole years from 1 to 25.");

    public int Years { get; }

    public override string Describe() => $"a child under {Years}";

    internal override string Where(SegmentSql q) =>
        "EXISTS (SELECT 1 FROM family_members m JOIN people p ON p.person_id = m.person_id "
        + $"WHERE m.family_id = f.family_id AND {AgeSql.UnderAgeAt("p.date_of_birth", "f.attached_date", q.P(Years))})";
}

internal sealed record NeedSegment(IReadOnlyList<string> Codes, IReadOnlyList<int> Headlines) : Segment
{
    public override string Describe() => string.Join(" or ", [.. Codes.Select(c => $"need {c}"), .. Headlines.Select(h => $"headline {h}")]) + " identified";

    internal override string Where(SegmentSql q)
    {
        var framework = q.Framework;
        foreach (var code in Codes.Where(c => framework.Need(c) is null))
            throw new ArgumentException($"'{code}' is not a need of {framework.Id} (the segment '{Label}').");
        foreach (var headline in Headlines.Where(h => framework.Headlines.All(x => x.Number != h)))
            throw new ArgumentException($"{headline} is not a headline of {framework.Id} (the segment '{Label}').");
        var codes = Codes.Concat(framework.Needs.Where(n => Headlines.Contains(n.Headline)).Select(n => n.Code)).Distinct().ToList();
        if (codes.Count == 0) return "false";
        var fw = q.P(framework.Id);
        return $"EXISTS (SELECT 1 FROM needs n WHERE n.family_id = f.family_id AND coalesce(n.framework, {fw}) = {fw} AND n.need_code IN ({q.In(codes)}))";
    }

    public bool Equals(NeedSegment? other) => other is not null && base.Equals(other) && Codes.SequenceEqual(other.Codes) && Headlines.SequenceEqual(other.Headlines);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Codes.Count, Headlines.Count);
}

internal sealed record ClaimStatusSegment : Segment
{
    public ClaimStatusSegment(IReadOnlyList<string> statuses)
    {
        foreach (var s in statuses.Where(s => !ClaimStatuses.Contains(s, StringComparer.Ordinal)))
            throw new ArgumentException($"'{s}' is not a claim status (they are: {string.Join(", ", ClaimStatuses)}).", nameof(statuses));
        Statuses = statuses.Count > 0 ? statuses : throw new ArgumentException("Give at least one claim status.", nameof(statuses));
    }

    public IReadOnlyList<string> Statuses { get; }

    public override string Describe() => "claim " + string.Join(" or ", Statuses.Select(s => s.Replace('_', ' ')));

    internal override string Where(SegmentSql q) =>
        $"EXISTS (SELECT 1 FROM {q.Claims} x WHERE x.family_id = f.family_id AND x.status IN ({q.In(Statuses)}))";

    public bool Equals(ClaimStatusSegment? other) => other is not null && base.Equals(other) && Statuses.SequenceEqual(other.Statuses);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Statuses.Count);
}

internal sealed record AllOfSegment(IReadOnlyList<Segment> Parts) : Segment
{
    public override string Describe() => string.Join(" and ", Parts.Select(p => p is AnyOfSegment && p.Name is null && p.Title is null ? $"({p.Label})" : p.Label));
    internal override string Where(SegmentSql q) => "(" + string.Join(" AND ", Parts.Select(p => p.Where(q))) + ")";
    public bool Equals(AllOfSegment? other) => other is not null && base.Equals(other) && Parts.SequenceEqual(other.Parts);
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Parts.Count);
}

internal sealed record AnyOfSegment(IReadOnlyList<Segment> Parts) : Segment
{
    public override string Describe() => string.Join(" or ", Parts.Select(p => p is AllOfSegment && p.Name is null && p.Title is null ? $"({p.Label})" : p.Label));
    internal override string Where(SegmentSql q) => "(" + string.Join(" OR ", Parts.Select(p => p.Where(q))) + ")";
    public bool Equals(AnyOfSegment? other) => other is not null && base.Equals(other) && Parts.SequenceEqual(other.Parts);
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Parts.Count);
}

internal sealed record NotSegment(Segment Part) : Segment
{
    public override string Describe() => $"not {(Part.Name is null && Part.Title is null && Part is AllOfSegment or AnyOfSegment ? $"({Part.Label})" : Part.Label)}";
    // A condition that is NULL (a missing locality, say) is not in the segment, so it is in its complement.
    internal override string Where(SegmentSql q) => $"NOT coalesce({Part.Where(q)}, false)";
}
