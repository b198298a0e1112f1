using System.Globalization;
using OutcomeAnalytics.Generation;

namespace OutcomeAnalytics.Tests.Generation;

/// <summary>The programme effect is a dial: at 0 supported families fare like the waiting list; larger is better.</summary>
public sealed class EffectTests
{
    private static string Window(DateOnly asAt) =>
        $"td.start_date >= CASE WHEN k.waiting THEN k.i ELSE k.a END AND td.end_date <= CASE WHEN k.waiting THEN k.a ELSE DATE '{asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}' END";

    /// <summary>Share of 1.1 children at 90% or more over their outcome terms: (supported, waiting list).</summary>
    private static (double Supported, double Waiting) AttendanceRates(double effect)
    {
        using var x = new GeneratedExtract(new GenerateOptions { Families = 1_500, Seed = 77, Effect = effect, WaitingListShare = 0.4 });
        var sql = $"""
            WITH {RealismTests.Families},
            k AS (SELECT n.family_id, n.person_id, fam.* EXCLUDE (family_id) FROM needs n JOIN fam USING (family_id) WHERE n.need_code = '1.1'),
            t AS (SELECT k.family_id, k.person_id, k.waiting, a.attended_sessions, a.possible_sessions,
                         row_number() OVER (PARTITION BY k.family_id, k.person_id ORDER BY td.end_date DESC) AS rn
                  FROM k JOIN term_dates td ON {Window(x.Result.AsAt)}
                  JOIN attendance a ON a.person_id = k.person_id AND a.academic_year = td.academic_year AND a.term = td.term),
            pct AS (SELECT family_id, person_id, waiting, sum(attended_sessions) / sum(possible_sessions) AS p
                    FROM t WHERE rn <= 2 GROUP BY ALL HAVING count(*) = 2)
            SELECT avg(CASE WHEN p >= 0.9 THEN 1 ELSE 0 END)::DOUBLE FROM pct WHERE waiting = 
            """;
        return (x.Number(sql + "false"), x.Number(sql + "true"));
    }

    [Fact]
    public void Effect_Zero_SupportedFareLikeTheWaitingList_AndMoreEffectHelpsMore()
    {
        var none = AttendanceRates(0);
        var strong = AttendanceRates(2);
        Assert.True(Math.Abs(none.Supported - none.Waiting) < 0.12, $"effect 0: supported {none.Supported:0.00}, waiting {none.Waiting:0.00}");
        Assert.True(strong.Supported > none.Supported + 0.3, $"effect 2: {strong.Supported:0.00}, effect 0: {none.Supported:0.00}");
        Assert.True(Math.Abs(strong.Waiting - none.Waiting) < 0.12, $"the waiting list does not depend on the effect: {strong.Waiting:0.00} vs {none.Waiting:0.00}");
    }
}
