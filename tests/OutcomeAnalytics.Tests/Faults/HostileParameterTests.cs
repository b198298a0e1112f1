using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Hostile and wrongly typed <c>outcomes notebook run --param</c> values. A value becomes a C# literal in the
/// injected-parameters cell: whatever it holds (code, a directive, a comment's end, line breaks, SQL, HTML), the cell
/// assigns exactly that text and runs nothing else; a value that is not of the parameter's type is a usage error.
/// </summary>
public sealed class HostileParameterTests
{
    public static TheoryData<string> HostileText =>
    [
        "\"; System.IO.File.Delete(\"outcomes.duckdb\"); var x = \"",
        "North\n#r \"nuget:Evil, 1.0.0\"\nSystem.Environment.Exit(3);",
        "*/ throw null; /*",
        "// the rest of the line",
        "line\u2028separator\u2029and\u0085next line",
        "NUL\0and\u001b[31mescape\u0007",
        "{0} {{interpolation}} $\"{System.Environment.Exit(3)}\"",
        "North'; DROP TABLE families;--",
        "<script>alert(1)</script>",
        "=cmd|' /C calc'!A0",
        "C:\\Users\\..\\..\\Windows\\System32\\",
        "\\u0022); System.Environment.Exit(3); //",
        "\uD83D\uDE00 \uFEFF \u202Eright-to-left",
    ];

    [Theory]
    [MemberData(nameof(HostileText))]
    public void StringValue_BecomesOneLiteralHoldingExactlyIt(string value)
    {
        var literal = NotebookParameters.ToLiteral("locality", value, typeof(string));
        var value2 = AssignedValue($"string locality = {literal};");
        Assert.Equal(value, value2);
    }

    [Fact]
    public void StringArrayValue_BecomesOneLiteralPerItem_HoldingExactlyThem()
    {
        var literal = NotebookParameters.ToLiteral("localities", "North\"; Exit(3); //,<b>South</b>, East", typeof(string[]));
        var tree = CSharpSyntaxTree.ParseText($"string[] localities = {literal};", new CSharpParseOptions(kind: SourceCodeKind.Script),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(tree.GetDiagnostics(TestContext.Current.CancellationToken));
        var items = tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).ToList();
        Assert.Equal(["North\"; Exit(3); //", "<b>South</b>", " East"], items);
    }

    [Theory]
    [InlineData("year", "int", "2024; System.Environment.Exit(3)", "a whole number")]
    [InlineData("year", "int", "2024 OR 1=1", "a whole number")]
    [InlineData("year", "int", "0x7E8", "a whole number")]
    [InlineData("year", "int", "99999999999", "a whole number")]
    [InlineData("asAt", "DateOnly", "2025-02-30", "a date")]
    [InlineData("asAt", "DateOnly", "2025-09-30\"); System.Environment.Exit(3); (\"", "a date")]
    [InlineData("asAt", "DateOnly", "30/09/2025", "a date")]
    [InlineData("protect", "bool", "true || System.Environment.Exit(3) == 0", "true or false")]
    [InlineData("protect", "bool", "yes", "true or false")]
    [InlineData("rate", "double", "0.5; Exit(3)", "a number")]
    [InlineData("rate", "double", "Infinity", "a number")]
    [InlineData("day", "DayOfWeek", "Monday; Exit(3)", "one of Sunday")]
    [InlineData("day", "DayOfWeek", "Monday | Friday", "one of Sunday")]
    [InlineData("day", "DayOfWeek", "Monday, Tuesday", "one of Sunday")]
    public void WrongType_IsAUsageErrorNamingTheParameterAndWhatItTakes(string name, string typeName, string value, string expected)
    {
        var type = typeName switch
        {
            "int" => typeof(int), "DateOnly" => typeof(DateOnly), "bool" => typeof(bool), "double" => typeof(double), _ => typeof(DayOfWeek),
        };
        var e = Assert.Throws<NotebookParameterException>(() => NotebookParameters.ToLiteral(name, value, type));
        Assert.StartsWith($"--param {name}={value}: '{value}' is not {expected}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("year;Exit(3)=1", "'year;Exit(3)' is not a C# variable name")]
    [InlineData("@class=1", "'@class' is not a C# variable name")]
    [InlineData("=1", "expected name=value")]
    public void BadName_IsAUsageError(string pair, string expected)
    {
        var e = Assert.Throws<NotebookParameterException>(() => NotebookParameters.Parse([pair]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotebookRun_WithAHostileParameter_ExitsTwoForAWrongType_AndRunsNothing()
    {
        using var folder = TestData.Empty();
        var notebook = folder.PathOf("params.ipynb");
        var document = NotebookDocument.CreateCSharp();
        document.Cells.AddRange([NotebookCell.Code("int year = 2023;", "parameters"), NotebookCell.Code("System.IO.File.WriteAllText(\"ran.txt\", \"\")")]);
        document.Save(notebook);
        var (code, _, error) = CliTests.Run("notebook", "run", notebook, "--param", "year=2024; System.IO.File.WriteAllText(\"ran.txt\", \"\")", "--out", folder.PathOf("out"));
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Contains("--param year=2024; System.IO.File.WriteAllText(\"ran.txt\", \"\"): '2024; System.IO.File.WriteAllText(\"ran.txt\", \"\")' is not a whole number", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.PathOf("ran.txt")));
        Assert.False(Directory.Exists(folder.PathOf("out")));
    }

    /// <summary>The value of the one string literal a statement assigns; the statement must parse whole, with nothing else in it.</summary>
    private static string AssignedValue(string statement)
    {
        var tree = CSharpSyntaxTree.ParseText(statement, new CSharpParseOptions(kind: SourceCodeKind.Script), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(tree.GetDiagnostics(TestContext.Current.CancellationToken));
        var root = tree.GetRoot(TestContext.Current.CancellationToken);
        // No directive (#r, #load), no comment and no second statement got in.
        Assert.DoesNotContain(root.DescendantTrivia(), t => t.IsDirective || t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
        var declaration = Assert.Single(root.DescendantNodes().OfType<FieldDeclarationSyntax>());
        var literal = Assert.IsType<LiteralExpressionSyntax>(Assert.Single(declaration.Declaration.Variables).Initializer!.Value);
        return literal.Token.ValueText;
    }
}
