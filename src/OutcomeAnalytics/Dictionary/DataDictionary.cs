using System.Globalization;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Internal;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutcomeAnalytics.Dictionary;

/// <summary>
/// The machine-readable definition of every table and column of the data contract. DDL, validation and
/// the readable docs all derive from it. The built-in dictionary is embedded from <c>data-dictionary/tables/*.yaml</c>.
/// </summary>
public sealed partial class DataDictionary
{
    /// <summary>Load order: a table comes after every table it references.</summary>
    public IReadOnlyList<TableDefinition> Tables { get; }

    private DataDictionary(IReadOnlyList<TableDefinition> tables) => Tables = tables;

    /// <summary>The table of that name, or null.</summary>
    public TableDefinition? Find(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The table of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such table.</exception>
    public TableDefinition this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"The data dictionary has no table '{name}'.");

    private static readonly Lazy<DataDictionary> BuiltIn = new(() =>
    {
        var assembly = typeof(DataDictionary).Assembly;
        var sources = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("data-dictionary/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, EmbeddedText.Read(assembly, n)));
        return Parse(sources);
    });

    /// <summary>The data dictionary shipped with the toolkit.</summary>
    public static DataDictionary Default => BuiltIn.Value;

    /// <summary>Loads a dictionary from a folder of <c>*.yaml</c> table files.</summary>
    public static DataDictionary LoadFolder(string folder) =>
        Parse(Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))));

    /// <summary>Parses table definitions; every problem is reported at once.</summary>
    /// <param name="sources">Pairs of (file name, YAML text).</param>
    /// <exception cref="ModelValidationException">The definitions have problems.</exception>
    public static DataDictionary Parse(IEnumerable<(string File, string Yaml)> sources)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        var problems = new List<ModelProblem>();
        var tables = new List<(string File, TableDefinition Table)>();
        foreach (var (file, yaml) in sources)
        {
            TableYaml? dto;
            try
            {
                dto = deserializer.Deserialize<TableYaml>(yaml);
            }
            catch (YamlException e)
            {
                problems.Add(new ModelProblem(file, $"line {e.Start.Line}", e.InnerException?.Message ?? e.Message));
                continue;
            }
            if (dto is null)
            {
                problems.Add(new ModelProblem(file, "file", "is empty"));
                continue;
            }
            var table = Convert(file, dto, problems);
            if (table is not null) tables.Add((file, table));
        }
        CheckCrossReferences(tables, problems);
        if (problems.Count > 0) throw new ModelValidationException("data dictionary", problems);
        return new DataDictionary(OrderByDependency(tables.Select(t => t.Table).ToList()));
    }


    private static TableDefinition? Convert(string file, TableYaml dto, List<ModelProblem> problems)
    {
        var before = problems.Count;
        void Problem(string element, string message) => problems.Add(new ModelProblem(file, element, message));

        if (!Identifier.IsValid(dto.Table))
        {
            Problem("table", $"'{dto.Table}' is not a valid table name (lower case letters, digits and underscores)");
            return null;
        }
        var name = dto.Table;
        if (!string.Equals(Path.GetFileNameWithoutExtension(file), name, StringComparison.Ordinal))
            Problem("table", $"the table '{name}' must be defined in a file named {name}.yaml");
        if (string.IsNullOrWhiteSpace(dto.Title)) Problem(name, "has no title");
        if (string.IsNullOrWhiteSpace(dto.Grain)) Problem(name, "has no grain (what one row is)");
        if (dto.Columns is not { Count: > 0 }) Problem(name, "has no columns");

        var columns = new List<ColumnDefinition>();
        foreach (var c in dto.Columns ?? [])
        {
            var element = $"{name}.{c.Name}";
            if (!Identifier.IsValid(c.Name))
            {
                Problem($"{name}.columns", $"'{c.Name}' is not a valid column name");
                continue;
            }
            if (columns.Any(x => x.Name == c.Name)) Problem(element, "is defined twice");
            if (!TryParseType(c.Type, out var type))
            {
                Problem(element, $"type '{c.Type}' is not one of id, text, code, date, integer, decimal, boolean, academic_year");
                continue;
            }
            if (type == ColumnType.Code && c.Values is not { Count: > 0 }) Problem(element, "is a code column without values");
            if (type != ColumnType.Code && c.Values is { Count: > 0 }) Problem(element, "has values but is not a code column");
            if ((c.Min is not null || c.Max is not null) && type is not (ColumnType.WholeNumber or ColumnType.DecimalNumber))
                Problem(element, "min and max apply to integer and decimal columns only");
            if ((c.Earliest is not null || c.Latest is not null) && type != ColumnType.Date)
                Problem(element, "earliest and latest apply to date columns only");
            foreach (var (label, bound) in new[] { ("earliest", c.Earliest), ("latest", c.Latest) })
                if (bound is not null && !DateBound.TryParse(bound, out _))
                    Problem(element, $"{label} '{bound}' is not an ISO date, 'today' or 'today+Ny'");
            if (c.Pattern is not null)
            {
                if (type is not (ColumnType.Text or ColumnType.Id)) Problem(element, "a pattern applies to text and id columns only");
                try { _ = new Regex(c.Pattern); }
                catch (ArgumentException e) { Problem(element, $"pattern is not a valid regular expression: {e.Message}"); }
                if (string.IsNullOrWhiteSpace(c.PatternMeaning)) Problem(element, "a pattern needs a pattern_meaning for error messages");
            }
            if (c.Default is not null && type == ColumnType.Code && !(c.Values ?? []).Contains(c.Default, StringComparer.Ordinal))
                Problem(element, $"default '{c.Default}' is not one of its values");
            if (c.Default is not null && type == ColumnType.AcademicYear && !ColumnDefinition.AcademicYears.Contains(c.Default, StringComparer.Ordinal))
                Problem(element, $"default '{c.Default}' is not an academic year from {ColumnDefinition.AcademicYears[0]} to {ColumnDefinition.AcademicYears[^1]}");
            if (c.Default is not null && c.Required) Problem(element, "a required column cannot have a default");
            if (string.IsNullOrWhiteSpace(c.Meaning)) Problem(element, "has no meaning");
            ColumnReference? reference = null;
            if (c.References is not null)
            {
                var parts = c.References.Split('.');
                if (parts.Length != 2) Problem(element, $"references '{c.References}' is not table.column");
                else reference = new ColumnReference(parts[0], parts[1]);
            }
            columns.Add(new ColumnDefinition
            {
                Name = c.Name,
                Type = type,
                Required = c.Required,
                Values = c.Values ?? [],
                Default = c.Default,
                Min = c.Min,
                Max = c.Max,
                Earliest = c.Earliest,
                Latest = c.Latest,
                Pattern = c.Pattern,
                PatternMeaning = c.PatternMeaning,
                References = reference,
                Meaning = c.Meaning?.Trim() ?? "",
                Example = c.Example,
            });
        }

        bool Known(string? col) => col is not null && columns.Any(x => x.Name == col);
        foreach (var k in dto.Key ?? [])
            if (!Known(k)) Problem($"{name}.key", $"'{k}' is not a column of {name}");

        var checks = new List<CheckDefinition>();
        foreach (var (ch, i) in (dto.Checks ?? []).Select((ch, i) => (ch, i)))
        {
            var element = $"{name}.checks[{i}]";
            CheckKind kind;
            switch (ch.Kind)
            {
                case "sum_equals": kind = CheckKind.SumEquals; break;
                case "not_before": kind = CheckKind.NotBefore; break;
                case "one_required": kind = CheckKind.OneRequired; break;
                case "score_in_range": kind = CheckKind.ScoreInRange; break;
                default:
                    Problem(element, $"kind '{ch.Kind}' is not one of sum_equals, not_before, one_required, score_in_range");
                    continue;
            }
            var check = new CheckDefinition
            {
                Kind = kind,
                Parts = ch.Parts ?? [],
                Total = ch.Total,
                Column = ch.Column,
                Other = ch.Other,
                Columns = ch.Columns ?? [],
                Score = ch.Score,
                Instrument = ch.Instrument,
                Scale = ch.Scale,
            };
            var read = kind switch
            {
                CheckKind.SumEquals => [.. check.Parts, check.Total],
                CheckKind.NotBefore => [check.Column, check.Other],
                CheckKind.OneRequired => check.Columns.Count > 0 ? check.Columns.Cast<string?>().ToList() : [null],
                _ => new List<string?> { check.Score, check.Instrument, check.Scale },
            };
            var missing = read.Where(r => !Known(r)).ToList();
            if (missing.Count > 0)
            {
                Problem(element, $"names columns that {name} does not have: {string.Join(", ", missing.Select(m => m ?? "(none)"))}");
                continue;
            }
            if (kind == CheckKind.ScoreInRange && new[] { check.Instrument, check.Scale }.Where(c => columns.First(x => x.Name == c).Type != ColumnType.Code).ToList() is { Count: > 0 } notCodes)
            {
                Problem(element, $"{string.Join(" and ", notCodes)} must be {(notCodes.Count == 1 ? "a code column" : "code columns")}: a score's instrument and scale are looked up in the instrument catalog");
                continue;
            }
            checks.Add(check);
        }

        if (problems.Count > before) return null;
        return new TableDefinition
        {
            Name = name,
            Title = dto.Title!.Trim(),
            Grain = dto.Grain!.Trim(),
            RequiredFile = dto.RequiredFile,
            RepeatedText = dto.RepeatedText,
            Source = dto.Source?.Trim() ?? "",
            Description = dto.Description?.Trim() ?? "",
            Key = dto.Key ?? [],
            Columns = columns,
            Checks = checks,
        };
    }

    private static bool TryParseType(string? text, out ColumnType type)
    {
        type = text switch
        {
            "id" => ColumnType.Id,
            "text" => ColumnType.Text,
            "code" => ColumnType.Code,
            "date" => ColumnType.Date,
            "integer" => ColumnType.WholeNumber,
            "decimal" => ColumnType.DecimalNumber,
            "boolean" => ColumnType.Boolean,
            "academic_year" => ColumnType.AcademicYear,
            _ => (ColumnType)(-1),
        };
        return (int)type >= 0;
    }

    private static void CheckCrossReferences(List<(string File, TableDefinition Table)> tables, List<ModelProblem> problems)
    {
        foreach (var dup in tables.GroupBy(t => t.Table.Name).Where(g => g.Count() > 1))
            problems.Add(new ModelProblem(dup.Last().File, dup.Key, "is defined in more than one file"));
        foreach (var (file, table) in tables)
        {
            foreach (var column in table.Columns.Where(c => c.References is not null))
            {
                var target = tables.Select(t => t.Table).FirstOrDefault(t => t.Name == column.References!.Table);
                if (target is null)
                    problems.Add(new ModelProblem(file, $"{table.Name}.{column.Name}", $"references unknown table '{column.References!.Table}'"));
                else if (target.Key.Count != 1 || target.Key[0] != column.References!.Column)
                    problems.Add(new ModelProblem(file, $"{table.Name}.{column.Name}", $"references {column.References}, which is not the single-column key of {target.Name}"));
            }
        }
    }

    private static List<TableDefinition> OrderByDependency(List<TableDefinition> tables)
    {
        // Required tables first, then by name; each table after the tables it references.
        var pending = tables.OrderBy(t => !t.RequiredFile).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<TableDefinition>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => t.Columns
                .Where(c => c.References is not null && c.References.Table != t.Name)
                .All(c => ordered.Any(o => o.Name == c.References!.Table)));
            if (next is null)
                throw new ModelValidationException("data dictionary",
                    [new ModelProblem("", string.Join(", ", pending.Select(t => t.Name)), "reference each other in a cycle")]);
            ordered.Add(next);
            pending.Remove(next);
        }
        return ordered;
    }

    // YAML shapes (snake_case in the files).
    private sealed class TableYaml
    {
        public string? Table { get; set; }
        public string? Title { get; set; }
        public string? Grain { get; set; }
        public bool RequiredFile { get; set; }
        public bool RepeatedText { get; set; }
        public string? Source { get; set; }
        public string? Description { get; set; }
        public List<string>? Key { get; set; }
        public List<ColumnYaml>? Columns { get; set; }
        public List<CheckYaml>? Checks { get; set; }
    }

    private sealed class ColumnYaml
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public bool Required { get; set; }
        public List<string>? Values { get; set; }
        public string? Default { get; set; }
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
        public string? Earliest { get; set; }
        public string? Latest { get; set; }
        public string? Pattern { get; set; }
        public string? PatternMeaning { get; set; }
        public string? References { get; set; }
        public string? Meaning { get; set; }
        public string? Example { get; set; }
    }

    private sealed class CheckYaml
    {
        public string? Kind { get; set; }
        public List<string>? Parts { get; set; }
        public string? Total { get; set; }
        public string? Column { get; set; }
        public string? Other { get; set; }
        public List<string>? Columns { get; set; }
        public string? Score { get; set; }
        public string? Instrument { get; set; }
        public string? Scale { get; set; }
    }
}

/// <summary>A date bound written in the dictionary: a fixed ISO date, or relative to the load date.</summary>
public readonly record struct DateBound(DateOnly? Fixed, int YearsAfterToday)
{
    /// <summary>Parses <c>YYYY-MM-DD</c>, <c>today</c> or <c>today+Ny</c>.</summary>
    public static bool TryParse(string text, out DateBound bound)
    {
        bound = default;
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            bound = new DateBound(d, 0);
            return true;
        }
        if (text == "today")
        {
            bound = new DateBound(null, 0);
            return true;
        }
        if (text.StartsWith("today+", StringComparison.Ordinal) && text.EndsWith('y')
            && int.TryParse(text.AsSpan(6, text.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var years))
        {
            bound = new DateBound(null, years);
            return true;
        }
        return false;
    }

    /// <summary>The bound's date for a load made on <paramref name="today"/>.</summary>
    public DateOnly Resolve(DateOnly today) => Fixed ?? today.AddYears(YearsAfterToday);
}
