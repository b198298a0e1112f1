using OutcomeAnalytics.Tests.Model;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// A small framework for hand-worked questionnaire cases: the parameters the instrument measure reads, one
/// headline, and the needs given. It takes phase3's id because a scenario's needs carry no framework (which means
/// phase3).
/// </summary>
internal static class QuestionnaireFramework
{
    /// <summary>The framework with <paramref name="needs"/>: YAML list items, each on its own line, indented two spaces.</summary>
    public static OutcomeAnalytics.Model.Framework Parse(string file, string needs) =>
        OutcomeAnalytics.Model.FrameworkLoader.Parse(file, FrameworkYaml.Framework("phase3", "Questionnaires",
            [
                .. FrameworkYaml.Terms(),
                "{ name: instrument_baseline_days, type: integer, default: 30, meaning: m }",
                "{ name: instrument_min_gap_days, type: integer, default: 28, meaning: m }",
                "{ name: min_change, type: number, default: 0, meaning: m }",
            ],
            needs + "\n"));
}
