namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Who a need is judged for (its scope) and the order of the rows: by family, need and person, a row without a person
/// first. Need 6.2 is scoped to each child, 3.2 to each adult, 8.1 to the family; A is 2023-09-01.
/// </summary>
public sealed class SubjectTests
{
    private const string AsAt = "2025-09-30";

    private static Scenario Family(string id) => new Scenario()
        .Family(id, "2023-09-01")
        .Person(id, id + "-C1", "2015-04-10")
        .Person(id, id + "-C2", "2005-09-02", role: "child")   // 18 on 2023-09-02: still a child on A
        .Person(id, id + "-A1", "2005-09-01", role: "parent_carer"); // 18 on A itself: an adult

    [Fact]
    public void ANeedNamingNoOne_IsJudgedForEachMemberInScope_AgeTakenOnTheAttachedDate()
    {
        var e = Family("F1").Need("F1", "6.2").Need("F1", "3.2").Evaluate(AsAt);
        Assert.Equal(["F1-C1", "F1-C2"], e.Needs.Where(n => n.NeedCode == "6.2").Select(n => n.PersonId));
        Assert.Equal(["F1-A1"], e.Needs.Where(n => n.NeedCode == "3.2").Select(n => n.PersonId));
    }

    [Fact]
    public void ANamedPerson_AlsoReachedThroughANeedNamingNoOne_IsJudgedOnce_ByTheNamedRow()
    {
        // The needs key allows (F1, 6.2, C2) beside (F1, 6.2, no one). The output has one row per family, need and
        // person ("one row per identified need, and per person"), so C2 is judged once, by the row naming them.
        var e = Family("F1").Need("F1", "6.2", "F1-C2").Need("F1", "6.2").Evaluate(AsAt);
        Assert.Equal(["F1-C1", "F1-C2"], e.Needs.Where(n => n.NeedCode == "6.2").Select(n => n.PersonId));
        // When the named person is the only one in scope, the need naming no one adds no row (not even 'nobody').
        var only = new Scenario().Family("F2", "2023-03-01", "2023-09-30").Person("F2", "F2-C1", "2012-05-01")
            .Need("F2", "6.2", "F2-C1").Need("F2", "6.2").Evaluate(AsAt);
        Assert.Equal(["F2-C1"], only.Needs.Where(n => n.NeedCode == "6.2").Select(n => n.PersonId));
    }

    [Fact]
    public void AScopeSelectingNoOne_IsInsufficientData()
    {
        // Nobody's date of birth is known, so no member is a child or an adult on A.
        var e = new Scenario().Family("F1", "2023-09-01").Person("F1", "F1-X", "").Need("F1", "6.2").Need("F1", "3.2").Evaluate(AsAt);
        Assert.Equal([("3.2", null, "insufficient_data"), ("6.2", null, "insufficient_data")], e.Needs.Select(n => (n.NeedCode, n.PersonId, n.Status)));
        Assert.All(e.Needs, need => Assert.StartsWith("No family member is in the need's scope", need.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_AreInFamilyNeedPersonOrder_WhateverTheOrderOfTheExtract()
    {
        // Needs come in the framework's order (3.2 before 10.1, where text would put 10.1 first), then people by id.
        // F1 has no members, so its person-scoped needs are one row each, without a person.
        var e = Family("F2").Need("F2", "6.2").Need("F2", "3.2").Need("F2", "10.1", "F2-A1")
            .Family("F1", "2023-09-01").Need("F1", "6.2").Need("F1", "8.1").Need("F1", "3.2").Need("F1", "10.1")
            .Evaluate(AsAt);
        Assert.Equal(
            [
                "F1 3.2 -", "F1 6.2 -", "F1 8.1 -", "F1 10.1 -",
                "F2 3.2 F2-A1", "F2 6.2 F2-C1", "F2 6.2 F2-C2", "F2 10.1 F2-A1",
            ],
            e.Needs.Select(n => $"{n.FamilyId} {n.NeedCode} {n.PersonId ?? "-"}"));
    }
}
