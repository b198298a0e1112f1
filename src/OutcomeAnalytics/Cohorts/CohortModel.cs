using System.Globalization;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Internal;
using OutcomeAnalytics.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutcomeAnalytics.Cohorts;

/// <summary>
/// Named, reusable segments read from a cohort file (<c>models/cohorts.yaml</c> is built in; a council may keep its
/// own). The file is checked completely when read: an unknown element, column, value, need, headline, claim status,
/// period or segment is reported with the file and the segment it is in, every problem at once.
/// </summary>
public sealed class CohortModel
{
    /// <summary>The criteria a segment may use, one per segment or inline part.</summary>
    public static IReadOnlyList<string> Criteria { get; } =
        ["attached_in", "closed_in", "open_at", "closed_by", "locality", "lead_practitioner", "column", "family_size", "child_under", "need", "headline", "needs", "claim_status",
         "all_of", "any_of", "not", "segment"];

    private static readonly Lazy<CohortModel> BuiltIn = new(() =>
        Parse("models/cohorts.yaml", EmbeddedText.Read(typeof(CohortModel).Assembly, "models/cohorts.yaml")));

    private readonly Dictionary<string, Segment> byName;

    private CohortModel(string file, Framework framework, IReadOnlyList<Segment> segments)
    {
        (File, Framework, Segments) = (file, framework, segments);
        byName = segments.ToDictionary(s => s.Name!, StringComparer.Ordinal);
    }

    /// <summary>The segments shipped with the toolkit (<c>models/cohorts.yaml</c>).</summary>
    public static CohortModel Default => BuiltIn.Value;

    /// <summary>The file the model was read from.</summary>
    public string File { get; }

    /// <summary>The framework whose needs and headlines the segments name.</summary>
    public Framework Framework { get; }

    /// <summary>The named segments, in file order.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>The segment with that name.</summary>
    /// <exception cref="KeyNotFoundException">No such segment; the message lists them.</exception>
    public Segment this[string name] => byName.TryGetValue(name, out var s) ? s
        : throw new KeyNotFoundException($"{File} has no segment '{name}' (it has: {string.Join(", ", byName.Keys)}).");

    /// <summary>True when the model has a segment of that name.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>Reads and checks a cohort file.</summary>
    /// <exception cref="ModelValidationException">The file has problems; all are listed, with the file named.</exception>
    public static CohortModel Load(string path) => Parse(path, System.IO.File.ReadAllText(path));

    /// <summary>Parses and checks a cohort model.</summary>
    /// <param name="file">The file name problems are reported against.</param>
    /// <param name="yaml">The text.</param>
    /// <exception cref="ModelValidationException">The model has problems; all are listed.</exception>
    public static CohortModel Parse(string file, string yaml)
    {
        var problems = new List<ModelProblem>();
        void Problem(string element, string message) => problems.Add(new ModelProblem(file, element, message));
        Dictionary<object, object>? root = null;
        try
        {
            Internal.YamlGuard.Check(yaml);
            root = new DeserializerBuilder().WithNamingConvention(NullNamingConvention.Instance).Build().Deserialize<Dictionary<object, object>>(yaml);
        }
        catch (YamlException e)
        {
            Problem($"line {e.Start.Line}", e.InnerException?.Message ?? e.Message);
        }
        if (root is null)
        {
            if (problems.Count == 0) Problem("file", "is empty");
            throw new ModelValidationException("cohort model", problems);
        }
        foreach (var key in root.Keys.Select(k => k.ToString()!).Where(k => k is not ("framework" or "segments")))
            Problem(key, "is not a cohort model element (framework, segments)");

        Framework? framework = null;
        var frameworkId = root.TryGetValue("framework", out var f) ? f as string ?? "" : "phase3";
        try
        {
            framework = FrameworkLoader.Get(frameworkId);
        }
        catch (KeyNotFoundException e)
        {
            Problem("framework", e.Message);
        }

        // First every name, so that a segment may refer to one defined after it.
        var raw = new List<(string Name, string? Title, Dictionary<object, object> Map, string Element)>();
        var entries = root.TryGetValue("segments", out var s) ? s as List<object> : null;
        if (entries is null) Problem("segments", "needs a list of segments");
        foreach (var (entry, i) in (entries ?? []).Select((e, i) => (e, i)))
        {
            if (entry is not Dictionary<object, object> map || map.GetValueOrDefault("name") is not string name || name.Trim().Length == 0)
            {
                Problem($"segments[{i + 1}]", "needs a name and one criterion");
                continue;
            }
            var element = $"segment {name}";
            if (raw.Any(r => r.Name == name)) Problem(element, "is defined twice");
            else if (!Identifier.IsValid(name)) Problem(element, "a name is lower-case letters, digits and _ (it is used in code and in other segments)");
            else raw.Add((name, map.GetValueOrDefault("title") as string, map, element));
        }

        var built = new Dictionary<string, Segment?>(StringComparer.Ordinal);
        var building = new HashSet<string>(StringComparer.Ordinal);
        Segment? Named(string name, string element)
        {
            if (built.TryGetValue(name, out var done)) return done;
            var entry = raw.FirstOrDefault(r => r.Name == name);
            if (entry.Name is null)
            {
                Problem(element, $"refers to unknown segment '{name}' (known: {string.Join(", ", raw.Select(r => r.Name))})");
                return null;
            }
            if (!building.Add(name))
            {
                Problem(element, $"refers to segment '{name}', which refers back to itself");
                return null;
            }
            var criteria = entry.Map.Where(kv => kv.Key.ToString() is not ("name" or "title" or "description")).ToDictionary(kv => kv.Key, kv => kv.Value);
            var segment = Criterion(criteria, entry.Element, "name, title, description");
            building.Remove(name);
            return built[name] = segment is null ? null : segment with { Name = name, Title = entry.Title?.Trim() };
        }

        // One criterion (a mapping with one key) or a reference (a name).
        Segment? Part(object? part, string element) => part switch
        {
            string name => Named(name.Trim(), element),
            Dictionary<object, object> map => Inline(map, element),
            _ => Fail(element, "is neither a segment name nor a criterion"),
        };

        Segment? Inline(Dictionary<object, object> map, string element)
        {
            var title = map.GetValueOrDefault("title") as string;
            var criterion = Criterion(map.Where(kv => kv.Key.ToString() != "title").ToDictionary(kv => kv.Key, kv => kv.Value), element, "title");
            return criterion is null || title is null ? criterion : criterion with { Title = title.Trim() };
        }

        Segment? Fail(string element, string message)
        {
            Problem(element, message);
            return null;
        }

        Segment? Criterion(Dictionary<object, object> map, string element, string others)
        {
            var problemsBefore = problems.Count;
            void Report(string message) => Problem(element, message);
            var keys = map.Keys.Select(k => k.ToString()!).ToList();
            foreach (var unknown in keys.Where(k => !Criteria.Contains(k, StringComparer.Ordinal)))
                Report($"has an unknown element '{unknown}' (it takes {others} and one of: {string.Join(", ", Criteria)})");
            var known = keys.Where(k => Criteria.Contains(k, StringComparer.Ordinal)).ToList();
            if (known.Count != 1)
            {
                if (known.Count == 0 && problems.Count == problemsBefore) Report($"needs one criterion ({string.Join(", ", Criteria)})");
                else if (known.Count > 1) Report($"has {known.Count} criteria ({string.Join(", ", known)}): combine them with all_of or any_of");
                return null;
            }
            var key = known[0];
            var value = map[key];
            return Build(key, value, $"{element}.{key}");
        }

        Segment? Build(string key, object? value, string at)
        {
            try
            {
                switch (key)
                {
                    case "attached_in":
                    case "closed_in":
                        if (value is not string p || !Period.TryParse(p, out var period))
                            throw new FormatException($"'{value}' is not a period: write a financial year (2025/26), a quarter of one (2025/26 Q1), a month (2025-10) or two dates (2025-04-01..2025-06-30)");
                        return key == "attached_in" ? Segment.AttachedIn(period) : Segment.ClosedIn(period);
                    case "open_at":
                    case "closed_by":
                        DateOnly? day = value is "evaluation_date" ? null
                            : value is string d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
                            : throw new FormatException($"'{value}' is not a date (YYYY-MM-DD) or evaluation_date");
                        return key == "open_at" ? Segment.OpenAt(day) : Segment.ClosedBy(day);
                    case "locality":
                        return Segment.Locality([.. Words(value)]);
                    case "lead_practitioner":
                        return value is "true" or "false" ? Segment.LeadPractitioner(value is "true") : throw new FormatException($"'{value}' is not true or false");
                    case "column":
                        if (value is not Dictionary<object, object> { Count: 1 } column)
                            throw new FormatException("takes one column and its value or values, such as { closure_reason: [stepped_down, stepped_up] }");
                        var (name, values) = column.Single();
                        return Segment.Column(name.ToString()!, [.. Words(values)]);
                    case "family_size":
                    case "needs":
                        var (min, max) = Range(value);
                        return key == "needs" ? Segment.NeedCount(min, max) : Segment.FamilySize(min, max);
                    case "child_under":
                        return Segment.ChildUnder(Whole(value));
                    case "need":
                        var codes = Words(value).ToList();
                        if (framework is not null)
                            foreach (var code in codes.Where(c => framework.Need(c) is null))
                                throw new FormatException($"'{code}' is not a need of {framework.Id}");
                        return Segment.NeedIdentified([.. codes]);
                    case "headline":
                        var headlines = Words(value).Select(w => int.TryParse(w, CultureInfo.InvariantCulture, out var h) ? h : throw new FormatException($"'{w}' is not a headline number")).ToList();
                        if (framework is not null)
                            foreach (var h in headlines.Where(h => framework.Headlines.All(x => x.Number != h)))
                                throw new FormatException($"{h} is not a headline of {framework.Id} (1 to {framework.Headlines.Count})");
                        return Segment.HeadlineIdentified([.. headlines]);
                    case "claim_status":
                        return Segment.ClaimStatus([.. Words(value)]);
                    case "segment":
                        return value is string n ? Named(n.Trim(), at) : throw new FormatException("takes the name of a segment");
                    case "not":
                        return Part(value, at) is { } inner ? Segment.Not(inner) : null;
                    default: // all_of, any_of
                        if (value is not List<object> { Count: >= 2 } items) throw new FormatException("takes a list of at least two segments or criteria");
                        var parts = items.Select((item, j) => Part(item, $"{at}[{j + 1}]")).ToList();
                        if (parts.Any(x => x is null)) return null;
                        return key == "all_of" ? Segment.AllOf([.. parts!]) : Segment.AnyOf([.. parts!]);
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                Problem(at, e is ArgumentException a ? a.Message.Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal).TrimEnd('.') : e.Message);
                return null;
            }
        }

        foreach (var entry in raw) Named(entry.Name, entry.Element);
        if (problems.Count > 0) throw new ModelValidationException("cohort model", problems);
        return new CohortModel(file, framework!, [.. raw.Select(r => built[r.Name]!)]);
    }

    private static IEnumerable<string> Words(object? value) => value switch
    {
        string s when s.Trim().Length > 0 => [s.Trim()],
        List<object> list when list.Count > 0 && list.All(x => x is string) => list.Cast<string>().Select(x => x.Trim()),
        _ => throw new FormatException("takes a value or a list of values"),
    };

    private static int Whole(object? value) =>
        value is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"'{value}' is not a whole number");

    private static (int? Min, int? Max) Range(object? value)
    {
        if (value is string) return (Whole(value), Whole(value));
        if (value is not Dictionary<object, object> map || map.Count == 0 || map.Keys.Any(k => k.ToString() is not ("min" or "max")))
            throw new FormatException("takes a whole number or { min: N, max: N } (either may be left out)");
        return (map.TryGetValue("min", out var min) ? Whole(min) : null, map.TryGetValue("max", out var max) ? Whole(max) : null);
    }
}
