using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Model.Measures;
using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// The decision-table builder every measure kind compiles through: the first case that holds gives both the status
/// and the reason, the records join every subject (with none, NULL), and a kind pending until closure is pending
/// until the post-closure window (C, C + 6 months] has ended on or before T.
/// </summary>
public sealed class DecisionTests
{
    /// <summary>Subjects: sid, attached a, closure c, evaluation date t; each with its number of records in <c>recs</c>.</summary>
    private static List<(long Sid, string Status, string Reason, string? Detail)> Run(Decision decision, bool details, params (long Sid, string? Closure, int Records)[] subjects)
    {
        using var connection = Database.Open();
        connection.Execute("CREATE TEMP TABLE subj (sid BIGINT, node_id VARCHAR, family_id VARCHAR, person_id VARCHAR, a DATE, c DATE, t DATE)");
        connection.Execute("CREATE TEMP TABLE recs (sid BIGINT)");
        foreach (var (sid, closure, records) in subjects)
        {
            connection.Execute("INSERT INTO subj VALUES ($1, 'X1', 'F' || $1, NULL, DATE '2024-01-01', CAST($2 AS DATE), DATE '2025-07-15')", sid, closure);
            connection.Execute("INSERT INTO recs SELECT $1 FROM range($2)", sid, records);
        }
        var sql = new SqlText();
        var parameters = FrameworkLoader.Get("phase3").Bind();   // post_closure_months 6
        var body = decision.Sql(new MeasureSql(sql, new Dictionary<string, ArgumentValue>(), parameters, details));
        return connection.Rows($"SELECT sid, status, reason, detail FROM ({body}) ORDER BY sid",
            r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)), [.. sql.Parameters]);
    }

    private static Decision Counting(bool pendingUntilClosure = false) => new()
    {
        PendingUntilClosure = pendingUntilClosure,
        Records = [global::OutcomeAnalytics.Model.Measures.Records.PerSubject("e", "count(*) AS n", "JOIN recs r ON r.sid = s.sid")],
        Cases =
        [
            When("coalesce(e.n, 0) = 0", Met, "'none'"),
            When("e.n >= 2", NotMet, "'two or more: ' || e.n"),
            Otherwise(InsufficientData, "'one'"),
        ],
        Detail = () => [("records", "coalesce(e.n, 0)")],
        DecisionsOnlyDetail = () => [("kept", "true")],
    };

    [Fact]
    public void Cases_TheFirstThatHolds_GivesStatusAndReasonTogether()
    {
        var rows = Run(Counting(), true, (1, "2024-06-01", 0), (2, "2024-06-01", 1), (3, "2024-06-01", 3));
        Assert.Equal(
        [
            (1L, "met", "none", "{\"records\":0}"),
            (2L, "insufficient_data", "one", "{\"records\":1}"),
            (3L, "not_met", "two or more: 3", "{\"records\":3}"),
        ], rows);
    }

    [Fact]
    public void PendingUntilClosure_OpenOrWindowEndingAfterT_IsPending_EndingOnT_IsDecided()
    {
        // T = 2025-07-15. Closed 2025-01-15: the window (C, C + 6 months] ends on 2025-07-15 = T, so it has finished.
        // Closed 2025-01-16: it ends on 2025-07-16, the day after T.
        var rows = Run(Counting(pendingUntilClosure: true), true, (1, null, 0), (2, "2025-01-15", 0), (3, "2025-01-16", 0));
        Assert.Equal(("pending", "The family is still open, so the post-closure window has not started."), (rows[0].Status, rows[0].Reason));
        Assert.Equal(("met", "none"), (rows[1].Status, rows[1].Reason));
        Assert.Equal(("pending", "The post-closure window ends on 2025-07-16, after the evaluation date."), (rows[2].Status, rows[2].Reason));
    }

    [Fact]
    public void DecisionsOnly_KeepsOnlyTheFieldsItNames()
    {
        var rows = Run(Counting(), false, (1, "2024-06-01", 2));
        Assert.Equal("{\"kept\":true}", rows[0].Detail);
        Assert.Null(Run(new Decision { Cases = [Otherwise(Met, "'yes'")], Detail = () => [("x", "1")] }, false, (1, null, 0))[0].Detail);
    }

    [Fact]
    public void Cases_MustEndWithOneOtherwise()
    {
        var q = new MeasureSql(new SqlText(), new Dictionary<string, ArgumentValue>(), FrameworkLoader.Get("phase3").Bind());
        Assert.Throws<InvalidOperationException>(() => new Decision { Cases = [When("true", Met, "'a'")], Detail = () => [] }.Sql(q));
        Assert.Throws<InvalidOperationException>(() => new Decision { Cases = [Otherwise(Met, "'a'"), Otherwise(NotMet, "'b'")], Detail = () => [] }.Sql(q));
    }
}
