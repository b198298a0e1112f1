using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace OutcomeAnalytics.Tests.Cli;

/// <summary>
/// The README quotes commands; each is checked against the real parser: every command it names exists (through
/// <c>--help</c>, as a user would find it) and every <c>--option</c> it gives is one of that command's options.
/// </summary>
public sealed partial class ReadmeCommandTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void Readme_GivesTheTwoCommandsFirst()
    {
        Assert.Contains("dotnet run --project src/OutcomeAnalytics.Cli -- demo --out demo", CodeSpans(Readme));
        Assert.Contains("dotnet test OutcomeAnalytics.sln", CodeSpans(Readme));
        Assert.Equal("demo --out demo", Invocations(Readme).First());
    }

    [Fact]
    public void EveryCommandTheReadmeQuotes_ExistsWithItsOptions()
    {
        var invocations = Invocations(Readme).ToList();
        Assert.True(invocations.Count >= 15, $"only {invocations.Count} commands found in README.md");
        var problems = invocations.SelectMany(Problems).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ACommandOrOptionTheParserLacks_IsAProblem()
    {
        Assert.Empty(Problems("load --data DIR --db FILE --strict"));
        Assert.Equal("`outcomes load --stict`: load has no option --stict", Assert.Single(Problems("load --stict")));
        Assert.Equal("`outcomes frobnicate --out x`: no command frobnicate", Assert.Single(Problems("frobnicate --out x")));
        Assert.Equal("`outcomes dictionary docs --ddl`: dictionary docs has no option --ddl", Assert.Single(Problems("dictionary docs --ddl")));
        Assert.Equal("evaluate --as-at 2025-10-01 | report board --db FILE", string.Join(" | ",
            Invocations("Run `outcomes evaluate --as-at 2025-10-01` or\n\n```sh\noutcomes report board --db FILE   # the board's report\n```\n\nfamily outcomes for a council")));
    }

    /// <summary>What follows <c>outcomes</c> (or <c>dotnet run --project src/OutcomeAnalytics.Cli --</c>) in each code span and code line of the Markdown.</summary>
    private static IEnumerable<string> Invocations(string markdown) =>
        from span in CodeSpans(markdown)
        from Match m in Invocation().Matches(span)
        select m.Groups["args"].Value.Trim();

    /// <summary>Inline code and the lines of code blocks (a line ending in <c>\</c> continues on the next; <c># …</c> comments removed).</summary>
    private static IEnumerable<string> CodeSpans(string markdown)
    {
        var document = Markdown.Parse(markdown);
        foreach (var node in document.Descendants())
            if (node is CodeInline inline) yield return inline.Content;
            else if (node is FencedCodeBlock block)
                foreach (var line in Regex.Split(block.Lines.ToString().Replace("\\\n", " ", StringComparison.Ordinal), "\r?\n"))
                    yield return Regex.Replace(line, @"\s+#\s.*$", "");
    }

    /// <summary>What is wrong with one invocation: a command the parser lacks, or an option its command lacks.</summary>
    private static List<string> Problems(string invocation)
    {
        var words = invocation.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var path = new List<string>();
        var help = Help(path);
        foreach (var word in words.TakeWhile(w => !w.StartsWith('-')))
        {
            if (!Section(help, "Commands").Any(line => Entry().Match(line).Groups["name"].Value.Split(' ')[0] == word)) break;
            path.Add(word);
            help = Help(path);
        }
        var name = string.Join(" ", path);
        if (path.Count == 0 && words.Length > 0 && !words[0].StartsWith('-')) return [$"`outcomes {invocation}`: no command {words[0]}"];
        var options = Section(help, "Options").SelectMany(line => OptionName().Matches(Entry().Match(line).Groups["name"].Value).Select(m => m.Value)).ToHashSet();
        return [.. OptionName().Matches(invocation).Select(m => m.Value).Distinct().Where(o => !options.Contains(o))
            .Select(o => $"`outcomes {invocation}`: {(name.Length == 0 ? "outcomes" : name)} has no option {o}")];
    }

    private static string Help(IEnumerable<string> path)
    {
        var (code, output, error) = CliTests.Run([.. path, "--help"]);
        Assert.True(code == 0, $"outcomes {string.Join(" ", path)} --help: {error}");
        return output;
    }

    /// <summary>The lines of a section of the help (<c>Options:</c>, <c>Commands:</c>): those indented under its heading.</summary>
    private static IEnumerable<string> Section(string help, string heading) =>
        help.Split('\n').SkipWhile(l => l.TrimEnd() != heading + ":").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal));

    /// <summary>An entry's first line in a help section: what it names (<c>--data &lt;data&gt;</c>, <c>load</c>), before the description.</summary>
    [GeneratedRegex(@"^  (?<name>[^ ].*?)(?: {2,}|\r?$)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"(?:(?<![\w.-])outcomes|dotnet run --project src/OutcomeAnalytics\.Cli --)[ \t]+(?<args>[a-z-][^\n]*)")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}
