using System.Globalization;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Instruments;

namespace OutcomeAnalytics.Generation;

/// <summary>
/// Puts exactly one problem into a row, chosen among the problems the row's columns allow (from the data
/// dictionary: types, required columns, controlled values, patterns, references, checks and keys), so the loader
/// must reject the row with exactly one rule.
/// </summary>
internal sealed class DirtInjector
{
    private static readonly string[] UnknownCodes = ["N/K", "TBC", "UNK", "99", "see notes", "n.a."];
    private static readonly string[] BadBooleans = ["2", "unknown", "Y/N", "t", "yes?"];
    private readonly TableDefinition _table;
    private readonly ColumnDefinition[] _columns;
    private readonly string _keyColumn;
    private readonly int _sumTotal = -1;
    private readonly (int Start, int End)[] _notBefore;
    private readonly int _score = -1, _instrument = -1;
    private readonly DateOnly _asAt;

    public DirtInjector(TableDefinition table, DateOnly asAt)
    {
        _table = table;
        _columns = [.. table.Columns];
        _asAt = asAt;
        _keyColumn = string.Join("+", table.Key);
        foreach (var check in table.Checks)
            switch (check.Kind)
            {
                case CheckKind.SumEquals:
                    _sumTotal = Index(check.Total!);
                    break;
                case CheckKind.ScoreInRange:
                    _score = Index(check.Score!);
                    _instrument = Index(check.Instrument!);
                    break;
            }
        _notBefore = [.. table.Checks.Where(c => c.Kind == CheckKind.NotBefore).Select(c => (Index(c.Other!), Index(c.Column!)))];
    }

    private int Index(string column) => Array.FindIndex(_columns, c => c.Name == column);

    /// <summary>True when the table has a key, so a duplicate copy of a row is rejected.</summary>
    public bool HasKey => _table.Key.Count > 0;

    /// <summary>The column named for a duplicate key.</summary>
    public string KeyColumn => _keyColumn;

    private readonly record struct Candidate(string Kind, int Column);

    /// <summary>Changes one field of <paramref name="row"/> (in place) and says what was done, or null when nothing applies.</summary>
    public (string Column, string Kind, string Rule)? Inject(string?[] row, Prng random, bool allowReferences)
    {
        var candidates = new List<Candidate>(24);
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            var v = row[i];
            if (string.IsNullOrEmpty(v)) continue;
            if (c.Required) candidates.Add(new(DirtKinds.BlankRequired, i));
            if (c.Type != ColumnType.Text || c.Pattern is not null) candidates.Add(new(DirtKinds.StrayWhitespace, i));
            switch (c.Type)
            {
                case ColumnType.Date:
                    candidates.Add(new(DirtKinds.DateDayMonthYear, i));
                    candidates.Add(new(DirtKinds.DateImpossible, i));
                    candidates.Add(new(DirtKinds.DateImplausible, i));
                    break;
                case ColumnType.Code:
                    candidates.Add(new(DirtKinds.CodeTypo, i));
                    candidates.Add(new(DirtKinds.CodeUnknown, i));
                    break;
                case ColumnType.Boolean:
                    candidates.Add(new(DirtKinds.BadBoolean, i));
                    break;
                case ColumnType.WholeNumber or ColumnType.DecimalNumber when i != _score:
                    candidates.Add(new(DirtKinds.BadNumber, i));
                    if (c.Min is not null || c.Max is not null) candidates.Add(new(DirtKinds.OutOfRange, i));
                    break;
            }
            if (c.Pattern is not null) candidates.Add(new(DirtKinds.BadPattern, i));
            if (c.References is { } r && allowReferences)
            {
                candidates.Add(new(DirtKinds.OrphanReference, i));
                if (r.Table == "people" && v.Length > 1 && v[0] == '0' && v.All(char.IsAsciiDigit))
                {
                    candidates.Add(new(DirtKinds.IdLostLeadingZeros, i));
                    candidates.Add(new(DirtKinds.IdExtraLeadingZero, i));
                }
            }
        }
        if (_sumTotal >= 0 && row[_sumTotal] is { Length: > 0 }) candidates.Add(new(DirtKinds.SessionsDoNotAddUp, _sumTotal));
        if (_score >= 0 && row[_score] is { Length: > 0 } && row[_instrument] is { Length: > 0 }) candidates.Add(new(DirtKinds.ScoreOutOfRange, _score));
        foreach (var (start, end) in _notBefore)
            if (row[start] is { Length: > 0 } && row[end] is { Length: > 0 }) candidates.Add(new(DirtKinds.EndBeforeStart, end));
        if (candidates.Count == 0) return null;

        // The kind first (uniformly among those the row allows), then the column: every kind stays common even
        // though some (spaces, blanks) apply to many more columns than others.
        var kinds = candidates.Select(c => c.Kind).Distinct().ToList();
        var kind = kinds[random.Next(kinds.Count)];
        var ofKind = candidates.FindAll(c => c.Kind == kind);
        var pick = ofKind[random.Next(ofKind.Count)];
        var column = _columns[pick.Column];
        var value = row[pick.Column]!;
        string rule;
        switch (pick.Kind)
        {
            case DirtKinds.BlankRequired:
                row[pick.Column] = null;
                rule = "required";
                break;
            case DirtKinds.StrayWhitespace:
                row[pick.Column] = random.Chance(0.5) ? " " + value : value + " ";
                rule = "whitespace";
                break;
            case DirtKinds.DateDayMonthYear:
            {
                var d = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                row[pick.Column] = d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                rule = "date";
                break;
            }
            case DirtKinds.DateImpossible:
                row[pick.Column] = ImpossibleDate(value, random);
                rule = "date";
                break;
            case DirtKinds.DateImplausible:
                row[pick.Column] = ImplausibleDate(value, column, random);
                rule = "date_range";
                break;
            case DirtKinds.CodeTypo:
                row[pick.Column] = Typo(value, column, random);
                rule = "controlled_value";
                break;
            case DirtKinds.CodeUnknown:
                row[pick.Column] = random.Pick(UnknownCodes);
                rule = "controlled_value";
                break;
            case DirtKinds.BadBoolean:
                row[pick.Column] = random.Pick(BadBooleans);
                rule = "boolean";
                break;
            case DirtKinds.BadNumber when column.Type == ColumnType.WholeNumber:
                row[pick.Column] = value + ".0";
                rule = "integer";
                break;
            case DirtKinds.BadNumber:
                row[pick.Column] = value.Contains('.', StringComparison.Ordinal) ? value.Replace('.', ',') : value + ",5";
                rule = "decimal";
                break;
            case DirtKinds.OutOfRange:
                row[pick.Column] = column.Min is { } min && (column.Max is null || random.Chance(0.5))
                    ? (min - 1 - random.Next(5)).ToString(CultureInfo.InvariantCulture)
                    : (column.Max!.Value + 1 + random.Next(100)).ToString(CultureInfo.InvariantCulture);
                rule = "range";
                break;
            case DirtKinds.ScoreOutOfRange:
            {
                var scaleAt = Index("scale");
                var scale = (scaleAt >= 0 ? row[scaleAt] : null) ?? "total";
                var range = InstrumentCatalog.Default.Find(row[_instrument]!)?.Scale(scale.ToLowerInvariant())
                    ?? throw new InvalidOperationException($"No range for {row[_instrument]} {scale}.");
                row[pick.Column] = (range.Min > 0 && random.Chance(0.5) ? range.Min - 1 : range.Max + 1 + random.Next(10)).ToString(CultureInfo.InvariantCulture);
                rule = "score_in_range";
                break;
            }
            case DirtKinds.SessionsDoNotAddUp:
            {
                var total = int.Parse(value, CultureInfo.InvariantCulture);
                var delta = random.Between(1, 6);
                row[pick.Column] = (total >= delta && random.Chance(0.5) ? total - delta : total + delta).ToString(CultureInfo.InvariantCulture);
                rule = "sum_equals";
                break;
            }
            case DirtKinds.EndBeforeStart:
            {
                var (start, _) = _notBefore.First(p => p.End == pick.Column);
                var s = DateOnly.ParseExact(row[start]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                row[pick.Column] = Text.Date(s.AddDays(-random.Between(1, 60)));
                rule = "not_before";
                break;
            }
            case DirtKinds.BadPattern:
                row[pick.Column] = column.Name switch
                {
                    "la_code" => value.Remove(1, 1),
                    "framework" => value.ToUpperInvariant(),
                    _ => value.Replace('.', '-') + "#",
                };
                rule = "pattern";
                break;
            case DirtKinds.OrphanReference:
                row[pick.Column] = column.References!.Table == "people" ? Orphan(value) : value + "X";
                rule = "reference";
                break;
            case DirtKinds.IdLostLeadingZeros:
                row[pick.Column] = value.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
                rule = "reference";
                break;
            case DirtKinds.IdExtraLeadingZero:
                row[pick.Column] = "0" + value;
                rule = "reference";
                break;
            default:
                throw new InvalidOperationException(pick.Kind);
        }
        return (column.Name, pick.Kind, rule);
    }

    /// <summary>A person id that no one has: the same digits with a leading 9 (real ids start with 0).</summary>
    private static string Orphan(string id) => id.Length > 1 && id[0] == '0' ? "9" + id[1..] : id + "9";

    private static string ImpossibleDate(string iso, Prng random)
    {
        var year = iso[..4];
        var leap = DateTime.IsLeapYear(int.Parse(year, CultureInfo.InvariantCulture));
        return random.Next(5) switch
        {
            0 => $"{year}-02-{(leap ? 30 : 29)}",
            1 => $"{year}-04-31",
            2 => $"{year}-09-31",
            3 => $"{year}-13-{iso[8..]}",
            _ => $"{year}-00-{iso[8..]}",
        };
    }

    private string ImplausibleDate(string iso, ColumnDefinition column, Prng random)
    {
        var earliest = column.Earliest is { } e && DateBound.TryParse(e, out var b) ? b.Resolve(_asAt) : new DateOnly(1900, 1, 1);
        var year = int.Parse(iso[..4], CultureInfo.InvariantCulture);
        // A transposed year (2023 → 2203) when that lands beyond any plausible load date or before the column's
        // earliest date; otherwise a two-digit year written as four (0023).
        var swapped = year / 1000 * 1000 + year % 100 / 10 * 100 + year / 100 % 10 * 10 + year % 10;
        if (random.Chance(0.7) && (swapped >= 2100 || swapped < earliest.Year)) return swapped.ToString("D4", CultureInfo.InvariantCulture) + iso[4..];
        return "00" + iso[2..];
    }

    private static string Typo(string value, ColumnDefinition column, Prng random)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            string t;
            var op = random.Next(4);
            if (op == 0 && value.Contains('_', StringComparison.Ordinal)) t = value.Replace('_', ' ');
            else if (op == 1 && value.Length > 3)
            {
                var i = random.Between(1, value.Length - 2);
                t = value.Remove(i, 1);
            }
            else if (op == 2 && value.Length > 3)
            {
                var i = random.Between(1, value.Length - 3);
                t = string.Concat(value.AsSpan(0, i), value.AsSpan(i + 1, 1), value.AsSpan(i, 1), value.AsSpan(i + 2));
            }
            else
            {
                var i = random.Between(1, Math.Max(1, value.Length - 1));
                t = value.Insert(i, value[i - 1].ToString());
            }
            if (t.Trim() == t && !column.Values.Any(v => string.Equals(v, t, StringComparison.OrdinalIgnoreCase))) return t;
        }
        return value + "x";
    }
}
