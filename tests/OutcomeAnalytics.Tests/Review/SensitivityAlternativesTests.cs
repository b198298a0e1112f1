using OutcomeAnalytics.Model;
using OutcomeAnalytics.Review;

namespace OutcomeAnalytics.Tests.Review;

/// <summary>
/// A parameter's <c>alternatives:</c> (values a reviewer should try), checked by the typed loader with each problem at
/// the alternative's own line and column, and tried by sensitivity in place of its default variations.
/// </summary>
public sealed class SensitivityAlternativesTests
{
    private static readonly string Phase3Text = File.ReadAllText(Path.Combine(Repository.Root, "models", "frameworks", "phase3.yaml"));

    /// <summary>phase3.yaml with one text replaced (which must be there).</summary>
    private static string With(string from, string to)
    {
        Assert.Contains(from, Phase3Text, StringComparison.Ordinal);
        return Phase3Text.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>"file line L, column C" of the first <paramref name="marker"/> after <paramref name="after"/> in the text.</summary>
    private static string Where(string text, string after, string marker)
    {
        var index = text.IndexOf(marker, text.IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal);
        var line = text[..index].Count(c => c == '\n') + 1;
        var column = index - text.LastIndexOf('\n', index - 1);
        return $"mine.yaml line {line}, column {column}";
    }

    private static List<string> Problems(string yaml) =>
        [.. Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("mine.yaml", yaml)).Problems.Select(p => p.ToString())];

    [Fact]
    public void AnAlternativeOfTheWrongType_IsALocatedProblem()
    {
        var yaml = With("alternatives: [3], meaning: \"Complete terms", "alternatives: [3, many], meaning: \"Complete terms");
        Assert.Equal([$"{Where(yaml, "name: outcome_terms", "many")}: parameter outcome_terms: alternatives: 'many' is not a valid value for outcome_terms: expected a whole number at least 1."],
            Problems(yaml));
    }

    [Fact]
    public void AnAlternativeOutOfBounds_NotAChoice_OrTwice_IsALocatedProblem()
    {
        var yaml = With("alternatives: [85, 95]", "alternatives: [85, 101, 90, 85]")
            .Replace("default: sessions, choices: [sessions, mean_of_terms],", "default: sessions, choices: [sessions, mean_of_terms], alternatives: [median],", StringComparison.Ordinal)
            .Replace("default: true, alternatives: [false]", "default: true, alternatives: [maybe]", StringComparison.Ordinal);
        var problems = Problems(yaml);
        // The default (90) among the alternatives is no problem: it is left out.
        Assert.Equal(["0", "85", "100"], Sensitivity.Values(FrameworkLoader.Parse("mine.yaml", With("alternatives: [85, 95]", "alternatives: [85, 90]")).Parameters.Single(p => p.Name == "attendance_threshold")));
        Assert.Equal(
        [
            $"{Where(yaml, "name: attendance_threshold", "101")}: parameter attendance_threshold: alternatives: '101' is not a valid value for attendance_threshold: expected a number from 0 to 100.",
            $"{Where(yaml, "name: attendance_threshold", "85]")}: parameter attendance_threshold: alternatives: '85' is listed twice",
            $"{Where(yaml, "name: attendance_weighting", "median")}: parameter attendance_weighting: alternatives: 'median' is not a valid value for attendance_weighting: expected one of sessions, mean_of_terms.",
            $"{Where(yaml, "name: authorised_absence_counts", "maybe")}: parameter authorised_absence_counts: alternatives: 'maybe' is not a valid value for authorised_absence_counts: expected true or false.",
        ], problems);
    }

    [Fact]
    public void AListAlternative_TakesTheVocabularyOfTheListItStandsFor()
    {
        var yaml = With("alternatives: [[offence, arrest, named_suspect], [offence]]", "alternatives: [[offence, arrest, named_suspect], [ofence]]");
        var problem = Assert.Single(Problems(yaml));
        Assert.StartsWith($"{Where(yaml, "name: crime_counted_types", "[ofence]")}: parameter crime_counted_types: alternatives: 'ofence' is not", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AlternativesMustBeAList() =>
        Assert.Equal([$"{Where(With("alternatives: [3], meaning", "alternatives: 3, meaning"), "name: outcome_terms", "3, meaning")}: parameter outcome_terms.alternatives: is not a list"],
            Problems(With("alternatives: [3], meaning", "alternatives: 3, meaning")));

    [Fact]
    public void AnExtendingFramework_KeepsItsBasesAlternatives_OrReplacesThem()
    {
        var sfop = FrameworkLoader.Get("phase3-sfop");
        Assert.Equal(["0", "85", "95", "100"], Sensitivity.Values(sfop.Parameters.Single(p => p.Name == "attendance_threshold")));
        // eligibility_count is overridden without alternatives: its other choice is tried.
        Assert.Equal(["needs"], Sensitivity.Values(sfop.Parameters.Single(p => p.Name == "eligibility_count")));
    }

    [Fact]
    public void Sensitivity_TriesTheAlternativesAndTheBounds_InPlaceOfTheOtherVariations()
    {
        // attendance_threshold with alternatives 91 and 96: F1 (92%) meets 91, not 96; F2 (97%) meets both.
        var framework = FrameworkLoader.Parse("mine.yaml", With("alternatives: [85, 95]", "alternatives: [91, 96]"));
        Assert.Equal(["0", "91", "96", "100"], Sensitivity.Values(framework.Parameters.Single(p => p.Name == "attendance_threshold")));
        var result = ReviewTests.Families().Explore("2024-10-01", (connection, _) =>
            Sensitivity.Run(connection, framework, new DateOnly(2024, 10, 1)));
        Assert.Equal(3, result.Baseline);
        Assert.Equal([new SensitivityRow("attendance_threshold", "0", 3, 0), new SensitivityRow("attendance_threshold", "91", 3, 0),
            new SensitivityRow("attendance_threshold", "96", 2, -1), new SensitivityRow("attendance_threshold", "100", 1, -2)],
            result.Rows.Where(r => r.Parameter == "attendance_threshold"));
        // No row at half or one and a half times the default (45, 135): the alternatives replace those variations.
        Assert.DoesNotContain(result.Rows, r => r.Parameter == "attendance_threshold" && r.Value is "45" or "135");
    }
}
