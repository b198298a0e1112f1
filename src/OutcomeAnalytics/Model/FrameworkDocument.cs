using YamlDotNet.RepresentationModel;

namespace OutcomeAnalytics.Model;

/// <summary>The problems found in model files, each with its file, element, line and column.</summary>
internal sealed class ProblemList
{
    private readonly List<ModelProblem> _problems = [];

    public int Count => _problems.Count;

    public void Add(string element, string message, Place at) =>
        _problems.Add(new ModelProblem(at.File, element, message) { Line = at.Line, Column = at.Column });

    /// <summary>In file order: the files in the order first met, then by line (the order found within a line).</summary>
    public IReadOnlyList<ModelProblem> InFileOrder()
    {
        var files = _problems.Select(p => p.File).Distinct().ToList();
        return [.. _problems.OrderBy(p => files.IndexOf(p.File)).ThenBy(p => p.Line ?? 0)];
    }
}

/// <summary>A framework file as written: each element typed, with where it starts; nothing checked beyond its shape.</summary>
internal sealed record FrameworkDocument(Place At)
{
    public string? Id { get; init; }
    public string? Extends { get; init; }
    public Place? ExtendsAt { get; init; }
    public string? Title { get; init; }
    public string? Version { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string>? Notes { get; init; }
    public IReadOnlyList<HeadlineEntry>? Headlines { get; init; }
    public IReadOnlyList<ParameterEntry>? Parameters { get; init; }
    public EligibilityEntry? Eligibility { get; init; }
    public ClaimEntry? Claim { get; init; }
    public IReadOnlyList<NeedEntry>? Needs { get; init; }

    public static readonly string[] Keys = ["framework", "extends", "title", "version", "source", "notes", "headlines", "parameters", "eligibility", "claim", "needs"];
}

internal sealed record HeadlineEntry(Place At, int Index, string? Number, string? Title);

internal sealed record ParameterEntry(Place At, int Index)
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public object? Default { get; init; }
    public string? Meaning { get; init; }
    public IReadOnlyList<string>? Choices { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    /// <summary>The values a reviewer should also try (<c>alternatives</c>), each with where it is written.</summary>
    public IReadOnlyList<(object? Value, Place At)>? Alternatives { get; init; }
    public static readonly string[] Keys = ["name", "type", "default", "meaning", "choices", "min", "max", "alternatives"];
}

internal sealed record EligibilityEntry(Place At)
{
    public object? MinNeeds { get; init; }
    public Place? MinNeedsAt { get; init; }
    public object? Count { get; init; }
    public Place? CountAt { get; init; }
    public IReadOnlyList<string>? Prerequisites { get; init; }
    public static readonly string[] Keys = ["min_needs", "count", "prerequisites"];
}

internal sealed record ClaimEntry(Place At)
{
    public object? DueMonths { get; init; }
    public Place? DueMonthsAt { get; init; }
    public IReadOnlyList<string>? OrMet { get; init; }
    public static readonly string[] Keys = ["due_months_after_closure", "or_met"];
}

internal sealed record NeedEntry(Place At, int Index)
{
    public string? Code { get; init; }
    public string? Headline { get; init; }
    public string? Title { get; init; }
    public string? Scope { get; init; }
    public RuleEntry? Rule { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string>? Identification { get; init; }
    public IReadOnlyList<UnencodedEntry>? Unencoded { get; init; }
    public bool Remove { get; init; }
    public static readonly string[] Keys = ["code", "headline", "title", "scope", "rule", "note", "identification", "unencoded", "remove"];
}

/// <summary>A measure of the source document that no rule computes, kept with the reason.</summary>
public sealed record UnencodedMeasure(string Ref, string Text, string Reason);

internal sealed record UnencodedEntry(Place At, string? Ref, string? Text, string? Reason);

/// <summary>A rule node as written: a combination of parts, or a measure with its arguments.</summary>
internal sealed record RuleEntry(Place At)
{
    /// <summary><c>all_of</c> or <c>any_of</c> for a combination; null for a measure.</summary>
    public string? Combine { get; init; }
    public IReadOnlyList<RuleEntry?>? Parts { get; init; }
    public string? Measure { get; init; }
    public IReadOnlyList<(string Name, object? Value, Place At)> Arguments { get; init; } = [];
    public string? Ref { get; init; }
    public string? Note { get; init; }
    /// <summary>Keys that are neither a measure's nor a combination's, when the node has both.</summary>
    public bool Mixed { get; init; }
    public bool Empty { get; init; }
}

/// <summary>Reads a framework file's nodes into a <see cref="FrameworkDocument"/>, reporting unknown elements and wrong shapes.</summary>
internal sealed class FrameworkDocumentReader(string file, ProblemList problems)
{
    private Place At(YamlNode node) => Place.Of(file, node);

    public FrameworkDocument? Read(YamlNode root)
    {
        if (root is not YamlMappingNode map)
        {
            problems.Add("file", "is not a mapping of framework elements (framework, title, needs...)", At(root));
            return null;
        }
        foreach (var (key, _) in Unknown(map, FrameworkDocument.Keys))
            problems.Add(key, $"is not a framework element ({string.Join(", ", FrameworkDocument.Keys)})", At(map[key]));
        return new FrameworkDocument(At(map))
        {
            Id = Scalar(map, "framework"),
            Extends = Scalar(map, "extends"),
            ExtendsAt = Get(map, "extends") is { } e ? At(e) : null,
            Title = Scalar(map, "title"),
            Version = Scalar(map, "version"),
            Source = Scalar(map, "source"),
            Notes = Strings(map, "notes", "notes"),
            Headlines = Items(map, "headlines", "headlines", (node, i) =>
            {
                var m = Mapping(node, $"headlines[{i}]");
                if (m is null) return new HeadlineEntry(At(node), i, null, null);
                Check(m, $"headlines[{i}]", "number", "title");
                return new HeadlineEntry(At(node), i, Scalar(m, "number"), Scalar(m, "title"));
            }),
            Parameters = Items(map, "parameters", "parameters", (node, i) =>
            {
                if (Mapping(node, $"parameters[{i}]") is not { } m) return null;
                var element = $"parameter {Scalar(m, "name")}";
                Check(m, element, ParameterEntry.Keys);
                return new ParameterEntry(At(node), i)
                {
                    Name = Scalar(m, "name"),
                    Type = Scalar(m, "type"),
                    Default = LocatedYaml.Value(Get(m, "default")),
                    Meaning = Scalar(m, "meaning"),
                    Choices = Strings(m, "choices", element + ".choices"),
                    Min = Scalar(m, "min"),
                    Max = Scalar(m, "max"),
                    Alternatives = Located(m, "alternatives", element + ".alternatives"),
                };
            }),
            Eligibility = Get(map, "eligibility") is { } el ? Eligibility(el) : null,
            Claim = Get(map, "claim") is { } cl ? Claim(cl) : null,
            Needs = Items(map, "needs", "needs", Need),
        };
    }

    private EligibilityEntry? Eligibility(YamlNode node)
    {
        if (Mapping(node, "eligibility") is not { } m) return null;
        Check(m, "eligibility", EligibilityEntry.Keys);
        return new EligibilityEntry(At(m))
        {
            MinNeeds = LocatedYaml.Value(Get(m, "min_needs")),
            MinNeedsAt = Get(m, "min_needs") is { } n ? At(n) : null,
            Count = LocatedYaml.Value(Get(m, "count")),
            CountAt = Get(m, "count") is { } c ? At(c) : null,
            Prerequisites = Strings(m, "prerequisites", "eligibility.prerequisites"),
        };
    }

    private ClaimEntry? Claim(YamlNode node)
    {
        if (Mapping(node, "claim") is not { } m) return null;
        Check(m, "claim", ClaimEntry.Keys);
        return new ClaimEntry(At(m))
        {
            DueMonths = LocatedYaml.Value(Get(m, "due_months_after_closure")),
            DueMonthsAt = Get(m, "due_months_after_closure") is { } d ? At(d) : null,
            OrMet = Strings(m, "or_met", "claim.or_met"),
        };
    }

    private NeedEntry? Need(YamlNode node, int i)
    {
        if (Mapping(node, $"needs[{i}]") is not { } m) return null;
        var element = $"need {Scalar(m, "code")}";
        Check(m, element, NeedEntry.Keys);
        return new NeedEntry(At(m), i)
        {
            Code = Scalar(m, "code"),
            Headline = Scalar(m, "headline"),
            Title = Scalar(m, "title"),
            Scope = Scalar(m, "scope"),
            Rule = Get(m, "rule") is { } r ? Rule(r, element + " rule") : null,
            Note = Scalar(m, "note"),
            Identification = Strings(m, "identification", element + ".identification"),
            Unencoded = Items(m, "unencoded", element + ".unencoded", (u, j) =>
            {
                if (Mapping(u, $"{element}.unencoded[{j}]") is not { } um) return null;
                Check(um, $"{element}.unencoded[{j}]", "ref", "text", "reason");
                return new UnencodedEntry(At(um), Scalar(um, "ref"), Scalar(um, "text"), Scalar(um, "reason"));
            }),
            Remove = string.Equals(Scalar(m, "remove"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    private RuleEntry Rule(YamlNode node, string element)
    {
        if (node is not YamlMappingNode m)
        {
            problems.Add(element, "is not a mapping", At(node));
            return new RuleEntry(At(node)) { Empty = true };
        }
        var combine = Get(m, "all_of") is not null ? "all_of" : Get(m, "any_of") is not null ? "any_of" : null;
        var entry = new RuleEntry(At(m)) { Ref = Scalar(m, "ref"), Note = Scalar(m, "note") };
        if (combine is not null)
        {
            var others = m.Children.Keys.Select(LocatedYaml.Text).Where(k => k is not ("ref" or "note") && k != combine).ToList();
            var parts = Get(m, combine) as YamlSequenceNode;
            return entry with
            {
                Combine = combine,
                Mixed = others.Count > 0,
                Parts = parts?.Children.Select((p, j) => (RuleEntry?)Rule(p, $"{element}.{combine}[{j + 1}]")).ToList(),
            };
        }
        return entry with
        {
            Measure = Scalar(m, "measure"),
            Arguments = [.. m.Children.Where(kv => LocatedYaml.Text(kv.Key) is not ("measure" or "ref" or "note"))
                .Select(kv => (LocatedYaml.Text(kv.Key) ?? "", LocatedYaml.Value(kv.Value), At(kv.Key)))],
        };
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode map, string key) => LocatedYaml.Text(Get(map, key));

    private YamlMappingNode? Mapping(YamlNode node, string element)
    {
        if (node is YamlMappingNode m) return m;
        problems.Add(element, "is not a mapping", At(node));
        return null;
    }

    private IReadOnlyList<string>? Strings(YamlMappingNode map, string key, string element)
    {
        switch (Get(map, key))
        {
            case null: return null;
            case YamlSequenceNode seq: return [.. seq.Children.Select(c => LocatedYaml.Text(c) ?? "")];
            case YamlScalarNode s: return [s.Value ?? ""];
            case var other:
                problems.Add(element, "is not a list", At(other));
                return [];
        }
    }

    /// <summary>A list's items as loose values (a list parameter's item may itself be a list), each with its place.</summary>
    private IReadOnlyList<(object? Value, Place At)>? Located(YamlMappingNode map, string key, string element)
    {
        switch (Get(map, key))
        {
            case null: return null;
            case YamlSequenceNode seq: return [.. seq.Children.Select(c => (LocatedYaml.Value(c), At(c)))];
            case var other:
                problems.Add(element, "is not a list", At(other));
                return [];
        }
    }

    private IReadOnlyList<T>? Items<T>(YamlMappingNode map, string key, string element, Func<YamlNode, int, T?> read) where T : class
    {
        switch (Get(map, key))
        {
            case null: return null;
            case YamlSequenceNode seq: return [.. seq.Children.Select((c, i) => read(c, i)).OfType<T>()];
            case var other:
                problems.Add(element, "is not a list", At(other));
                return [];
        }
    }

    private static IEnumerable<(string Key, YamlNode Node)> Unknown(YamlMappingNode map, IReadOnlyList<string> known) =>
        map.Children.Select(kv => (Key: LocatedYaml.Text(kv.Key) ?? "", Node: kv.Key)).Where(k => !known.Contains(k.Key, StringComparer.Ordinal));

    /// <summary>Reports every key of the mapping the element does not take.</summary>
    private void Check(YamlMappingNode map, string element, params string[] known)
    {
        foreach (var (key, node) in Unknown(map, known))
            problems.Add(element, $"has an unknown element '{key}' (it takes: {string.Join(", ", known)})", At(node));
    }
}
