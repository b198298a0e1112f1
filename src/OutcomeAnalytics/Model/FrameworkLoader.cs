using OutcomeAnalytics.Internal;
using YamlDotNet.Core;

namespace OutcomeAnalytics.Model;

/// <summary>
/// Reads framework models (<c>models/frameworks/*.yaml</c>) and checks them completely: every problem is
/// reported at once, with its file, line, column and element (unknown measure kind, unknown argument or parameter,
/// bad value, need without a rule, duplicate code). A file is read in two steps: its YAML into typed entries that
/// know where they start (<see cref="FrameworkDocumentReader"/>), then those entries, merged with the framework
/// they extend, checked and turned into a <see cref="Framework"/>.
/// </summary>
public static class FrameworkLoader
{
    private static readonly Lazy<IReadOnlyList<(string File, string Yaml)>> BuiltInSources = new(() =>
    {
        var assembly = typeof(FrameworkLoader).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("models/frameworks/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, EmbeddedText.Read(assembly, n)))
            .ToList();
    });

    private static readonly Lazy<IReadOnlyList<FrameworkDocument>> BuiltInDocuments = new(() =>
        [.. BuiltInSources.Value.Select(s => Read(s.File, s.Yaml, new ProblemList())).OfType<FrameworkDocument>()]);

    private static readonly Lazy<IReadOnlyList<Framework>> BuiltIn = new(() => ParseAll(BuiltInSources.Value));

    /// <summary>The frameworks shipped with the toolkit.</summary>
    public static IReadOnlyList<Framework> BuiltInFrameworks => BuiltIn.Value;

    /// <summary>The built-in framework with that id.</summary>
    /// <exception cref="KeyNotFoundException">No such framework.</exception>
    public static Framework Get(string id) =>
        BuiltInFrameworks.FirstOrDefault(f => f.Id == id)
        ?? throw new KeyNotFoundException($"There is no framework '{id}' (known: {string.Join(", ", BuiltInFrameworks.Select(f => f.Id))}).");

    /// <summary>
    /// A built-in framework by id, or a framework file by path (a file ending <c>.yaml</c> or <c>.yml</c>, or any
    /// existing file): a reviewer's own local plan written in the model's format, checked as a built-in one is.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Neither a built-in id nor a framework file.</exception>
    /// <exception cref="ModelValidationException">The file has problems; all are listed, with the file named.</exception>
    public static Framework Resolve(string idOrFile)
    {
        if (BuiltInFrameworks.FirstOrDefault(f => f.Id == idOrFile) is { } builtIn) return builtIn;
        if (File.Exists(idOrFile)) return Parse(idOrFile, File.ReadAllText(idOrFile));
        throw new KeyNotFoundException(idOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || idOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? $"The framework file '{idOrFile}' does not exist."
            : $"There is no framework '{idOrFile}' (known: {string.Join(", ", BuiltInFrameworks.Select(f => f.Id))}; or give the path of a framework YAML file).");
    }

    /// <summary>
    /// Parses and checks one framework file. A file that <c>extends</c> another names a built-in framework or the
    /// path of a framework file (relative to this file's folder).
    /// </summary>
    /// <exception cref="ModelValidationException">The model has problems; all are listed.</exception>
    public static Framework Parse(string file, string yaml)
    {
        var problems = new ProblemList();
        var document = Read(file, yaml, problems);
        Framework? framework = null;
        if (document is not null)
            framework = Build(document, (name, from) => BaseDocument(name, from, problems), problems);
        if (problems.Count > 0 || framework is null) throw new ModelValidationException("framework model", problems.InFileOrder());
        return framework;
    }

    /// <summary>Parses several framework files that may extend one another (the built-in set).</summary>
    internal static IReadOnlyList<Framework> ParseAll(IEnumerable<(string File, string Yaml)> sources)
    {
        var problems = new ProblemList();
        var documents = sources.Select(s => Read(s.File, s.Yaml, problems)).OfType<FrameworkDocument>().ToList();
        var frameworks = documents.Select(d => Build(d, (name, _) => documents.FirstOrDefault(x => x.Id == name), problems)).ToList();
        if (problems.Count > 0) throw new ModelValidationException("framework model", problems.InFileOrder());
        return frameworks!;
    }

    /// <summary>The document a file extends: a built-in framework's, or a framework file's beside it.</summary>
    private static FrameworkDocument? BaseDocument(string name, FrameworkDocument from, ProblemList problems)
    {
        if (BuiltInDocuments.Value.FirstOrDefault(d => d.Id == name) is { } builtIn) return builtIn;
        var path = Path.Combine(Path.GetDirectoryName(from.At.File) ?? "", name);
        return name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && File.Exists(path) ? Read(path, File.ReadAllText(path), problems) : null;
    }

    private static FrameworkDocument? Read(string file, string yaml, ProblemList problems)
    {
        YamlDotNet.RepresentationModel.YamlNode? root;
        try
        {
            root = LocatedYaml.Load(yaml);
        }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the marks; the sentence alone is the inner exception's where it has one.
            problems.Add("file", e.InnerException?.Message ?? e.Message, new Place(file, (int)e.Start.Line, (int)e.Start.Column));
            return null;
        }
        if (root is null || root is YamlDotNet.RepresentationModel.YamlScalarNode { Value: null or "" })
        {
            problems.Add("file", "is empty", new Place(file, 1, 1));
            return null;
        }
        return new FrameworkDocumentReader(file, problems).Read(root);
    }

    /// <summary>Merges the document with the one it extends (if any), then checks it and builds the framework.</summary>
    private static Framework? Build(FrameworkDocument document, Func<string, FrameworkDocument, FrameworkDocument?> resolve, ProblemList problems)
    {
        var overrides = new List<string>();
        var merged = document;
        var lineage = new List<string> { document.Id ?? "" };
        if (document.Extends is not null)
        {
            var chain = new List<string> { document.Id ?? "" };
            var current = document;
            var bases = new List<FrameworkDocument>();
            while (current.Extends is { } next)
            {
                if (chain.Contains(next, StringComparer.Ordinal))
                {
                    problems.Add("extends", $"'{next}' leads back to '{next}' ({string.Join(" extends ", [.. chain, next])}); a framework cannot extend itself", document.ExtendsAt ?? document.At);
                    return null;
                }
                var found = resolve(next, current);
                if (found is null)
                {
                    problems.Add("extends", $"'{next}' is neither a built-in framework ({string.Join(", ", BuiltInSources.Value.Select(s => Path.GetFileNameWithoutExtension(s.File)))}) nor a framework file beside this one", current.ExtendsAt ?? current.At);
                    return null;
                }
                chain.Add(next);
                bases.Add(found);
                current = found;
            }
            lineage.AddRange(bases.Select(b => b.Id ?? ""));
            merged = bases[^1];
            for (var i = bases.Count - 2; i >= 0; i--) merged = FrameworkMerge.Merge(merged, bases[i], []);
            merged = FrameworkMerge.Merge(merged, document, overrides);
        }
        return new FrameworkChecker(merged, problems).Check() is { } framework
            ? framework with { Extends = document.Extends, Overrides = overrides, File = document.At.File, Lineage = lineage }
            : null;
    }
}
