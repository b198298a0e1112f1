namespace OutcomeAnalytics.Model;

/// <summary>
/// A framework written as changes to another (<c>extends</c>): the child's headlines, parameters and needs replace
/// the base's of the same number, name or code, element by element (a need that gives only a rule keeps the base's
/// title, headline and scope); new ones are added after the base's; a need with <c>remove: true</c> is taken out.
/// <c>eligibility</c> and <c>claim</c> merge element by element. The id, title, version, source and notes are the
/// child's own.
/// </summary>
internal static class FrameworkMerge
{
    /// <summary>The child over its base; each element the child changes is added to <paramref name="overrides"/>.</summary>
    public static FrameworkDocument Merge(FrameworkDocument parent, FrameworkDocument child, List<string> overrides)
    {
        var headlines = parent.Headlines?.ToList() ?? [];
        foreach (var h in child.Headlines ?? [])
        {
            var i = headlines.FindIndex(x => x.Number == h.Number);
            if (i >= 0) headlines[i] = h;
            else headlines.Add(h);
            overrides.Add($"headline {h.Number}");
        }
        var parameters = parent.Parameters?.ToList() ?? [];
        foreach (var p in child.Parameters ?? [])
        {
            var i = parameters.FindIndex(x => x.Name == p.Name);
            if (i < 0) parameters.Add(p);
            else parameters[i] = parameters[i] with
            {
                At = p.At,
                Type = p.Type ?? parameters[i].Type,
                Default = p.Default ?? parameters[i].Default,
                Meaning = p.Meaning ?? parameters[i].Meaning,
                Choices = p.Choices ?? parameters[i].Choices,
                Min = p.Min ?? parameters[i].Min,
                Max = p.Max ?? parameters[i].Max,
                Alternatives = p.Alternatives ?? parameters[i].Alternatives,
            };
            overrides.Add($"parameter {p.Name}");
        }
        var needs = parent.Needs?.ToList() ?? [];
        foreach (var n in child.Needs ?? [])
        {
            var i = needs.FindIndex(x => x.Code == n.Code);
            overrides.Add($"need {n.Code}");
            if (n.Remove)
            {
                if (i >= 0) needs.RemoveAt(i);
                continue;
            }
            if (i < 0) needs.Add(n);
            else needs[i] = needs[i] with
            {
                At = n.At,
                Headline = n.Headline ?? needs[i].Headline,
                Title = n.Title ?? needs[i].Title,
                Scope = n.Scope ?? needs[i].Scope,
                Rule = n.Rule ?? needs[i].Rule,
                Note = n.Note ?? needs[i].Note,
                Identification = n.Identification ?? needs[i].Identification,
                Unencoded = n.Unencoded ?? needs[i].Unencoded,
            };
        }
        var eligibility = (parent.Eligibility, child.Eligibility) switch
        {
            (null, var c) => c,
            (var p, null) => p,
            var (p, c) => p with
            {
                MinNeeds = c.MinNeeds ?? p.MinNeeds,
                MinNeedsAt = c.MinNeedsAt ?? p.MinNeedsAt,
                Count = c.Count ?? p.Count,
                CountAt = c.CountAt ?? p.CountAt,
                Prerequisites = c.Prerequisites ?? p.Prerequisites,
            },
        };
        if (child.Eligibility is not null) overrides.Add("eligibility");
        var claim = (parent.Claim, child.Claim) switch
        {
            (null, var c) => c,
            (var p, null) => p,
            var (p, c) => p with { DueMonths = c.DueMonths ?? p.DueMonths, DueMonthsAt = c.DueMonthsAt ?? p.DueMonthsAt, OrMet = c.OrMet ?? p.OrMet },
        };
        if (child.Claim is not null) overrides.Add("claim");
        return child with { Headlines = headlines, Parameters = parameters, Needs = needs, Eligibility = eligibility, Claim = claim };
    }
}
