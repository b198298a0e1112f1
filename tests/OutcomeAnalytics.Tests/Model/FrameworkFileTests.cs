using System.Diagnostics;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model;

/// <summary>Reading framework files: locations of problems, aliases, and frameworks written as changes to another.</summary>
public sealed class FrameworkFileTests
{
    private const string RequireVerified = "{ name: require_verified, type: boolean, default: false, meaning: m }";

    private static readonly string Minimal = FrameworkYaml.Framework("small", "Small",
        [.. FrameworkYaml.Terms(), RequireVerified, "{ name: eligibility_min_needs, type: integer, default: 3, min: 1, meaning: m }"],
        """
          - { code: A, headline: 1, title: First, scope: family, rule: { measure: evidence } }
          - { code: B, headline: 2, title: Second, scope: person, rule: { measure: evidence } }
        """,
        eligibility: "{ min_needs: $eligibility_min_needs }", headlines: "[{ number: 1, title: One }, { number: 2, title: Two }]");

    [Fact]
    public void AProblemInANestedRule_IsLocatedAtItsArgument()
    {
        var yaml = FrameworkYaml.Framework("nested", "Nested", [.. FrameworkYaml.Terms(), RequireVerified], """
              - code: X
                headline: 1
                title: X
                scope: family
                rule:
                  any_of:
                    - { measure: evidence }
                    - { measure: evidence, require_verified: sometimes }
            """, eligibility: "{ min_needs: 1 }");
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("nested.yaml", yaml));
        var p = Assert.Single(e.Problems);
        Assert.Equal(("need X rule.any_of[2].require_verified", 20, 32), (p.Element, p.Line, p.Column));
        Assert.Equal("'sometimes' is not a valid value for need X rule.any_of[2].require_verified: expected true or false.", p.Message);
    }

    [Fact]
    public void ABrokenYamlFile_NamesTheLineAndColumn()
    {
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("bad.yaml", "framework: x\nneeds: [ { code: A\n"));
        var p = Assert.Single(e.Problems);
        Assert.Equal("bad.yaml", p.File);
        Assert.Equal(3, p.Line);
        Assert.NotNull(p.Column);
    }

    [Fact]
    public void AnAliasBomb_IsRefusedQuickly_AtTheAliasThatCrossesTheLimit()
    {
        // Nine levels of ten aliases each stand for a billion scalars in under a kilobyte.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 9; i++)
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        lines.Add("framework: *a9");
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("bomb.yaml", string.Join("\n", lines)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var p = Assert.Single(e.Problems);
        Assert.Equal("file", p.Element);
        Assert.Contains("more than 1,000,000 values once its aliases (*name) are expanded", p.Message, StringComparison.Ordinal);
        // Levels 0 to 4 stand for about 111,000 values; level 5 (a million more) passes the limit: its line is named.
        Assert.Equal(6, p.Line);
    }

    [Fact]
    public void AnAliasUsedAFewTimes_IsRead()
    {
        // Phase 3 itself shares the domestic abuse rule between 8.1, 8.2 and 8.3 through an alias.
        var phase3 = FrameworkLoader.Get("phase3");
        Assert.Equal(phase3.Need("8.1")!.Rule.GetType(), phase3.Need("8.3")!.Rule.GetType());
        Assert.IsType<AllOf>(phase3.Need("8.2")!.Rule);
    }

    [Fact]
    public void AFrameworkExtendingAFile_TakesItsElements_AndChangesOnlyWhatItNames()
    {
        var folder = Directory.CreateTempSubdirectory("extends").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "small.yaml"), Minimal);
            var child = Path.Combine(folder, "child.yaml");
            File.WriteAllText(child, """
                framework: child
                extends: small.yaml
                title: Child
                version: "2"
                source: a change
                parameters:
                  - { name: eligibility_min_needs, default: 2 }
                needs:
                  - { code: A, rule: { measure: evidence, require_verified: true } }
                  - { code: B, remove: true }
                  - { code: C, headline: 2, title: Third, scope: adult, rule: { measure: evidence } }
                """);
            var f = FrameworkLoader.Resolve(child);
            Assert.Equal("small.yaml", f.Extends);
            Assert.Equal(["parameter eligibility_min_needs", "need A", "need B", "need C"], f.Overrides);
            Assert.Equal(["A", "C"], f.Needs.Select(n => n.Code));
            // A keeps its base title, headline and scope; only its rule changed.
            Assert.Equal(("First", 1, Scope.Family), (f.Need("A")!.Title, f.Need("A")!.Headline, f.Need("A")!.Scope));
            Assert.Equal(true, ((MeasureNode)f.Need("A")!.Rule).Arguments["require_verified"].Literal);
            // The parameter keeps its type, meaning and bound; only its default changed.
            var p = f.Parameters.Single(x => x.Name == "eligibility_min_needs");
            Assert.Equal((2, 1m, "m"), ((int)p.Default, p.Minimum!.Value, p.Meaning));
            Assert.Equal(2, f.Headlines.Count);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void AnOverrideOutsideItsBaseBounds_IsReported_AtTheOverride()
    {
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("child.yaml", """
            framework: child
            extends: phase3
            title: Child
            version: "2"
            source: a change
            parameters:
              - { name: post_closure_months, default: 0 }
            """));
        var p = e.Problems[0];
        Assert.Equal(("child.yaml", "parameter post_closure_months", 7), (p.File, p.Element, p.Line));
        Assert.Equal("default: '0' is not a valid value for post_closure_months: expected a whole number at least 1.", p.Message);
    }

    [Theory]
    [InlineData("extends: nowhere", "'nowhere' is neither a built-in framework")]
    [InlineData("extends: loop", "'loop' leads back to 'loop' (loop extends loop); a framework cannot extend itself")]
    public void AnUnknownOrCircularBase_IsReported(string extends, string message)
    {
        var folder = Directory.CreateTempSubdirectory("extends").FullName;
        try
        {
            var file = Path.Combine(folder, "loop.yaml");
            File.WriteAllText(file, $"framework: loop\n{extends}\ntitle: L\nversion: \"1\"\nsource: s\n");
            var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Resolve(file));
            var p = Assert.Single(e.Problems);
            Assert.Equal(("extends", 2), (p.Element, p.Line));
            Assert.StartsWith(message, p.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
