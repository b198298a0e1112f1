using System.Globalization;

namespace OutcomeAnalytics.Generation;

/// <summary>
/// Generates one family episode and every record about its members, writing rows straight into a block. A
/// family depends only on the run's options and its own number (its random stream is seeded from both), so
/// families can be generated in any order. The model behind every number is described, with its sources, in
/// <c>data-dictionary/synthetic-data.md</c>.
/// </summary>
internal sealed class FamilyGenerator
{
    private static readonly string[] Localities = ["North", "South", "East", "West", "City"];
    private static readonly double[] LocalityWeights = [28, 22, 20, 14, 16];

    // Census 2021, England: ethnic group of usual residents (ONS), rounded; free-text labels as case systems write them.
    private static readonly string[] Ethnicities =
    [
        "White British", "White Irish", "Gypsy or Irish Traveller", "Roma", "Any other White background",
        "Mixed White and Black Caribbean", "Mixed White and Black African", "Mixed White and Asian", "Any other Mixed background",
        "Indian", "Pakistani", "Bangladeshi", "Chinese", "Any other Asian background", "African", "Caribbean",
        "Any other Black background", "Arab", "Any other ethnic group",
    ];
    private static readonly double[] EthnicityWeights = [73.5, 0.9, 0.2, 0.2, 6.3, 0.9, 0.5, 0.8, 0.8, 3.3, 2.9, 1.1, 0.8, 1.7, 2.6, 1.1, 0.5, 0.6, 1.7];

    private static readonly string[] CrimeBases = ["offence", "arrest", "asb", "named_suspect"];
    private static readonly double[] CrimeBasisWeights = [40, 25, 25, 10];
    private static readonly double[] Engagement = [0.45, 0.35, 0.20];
    private static readonly double[] ResponderChance = [0.8, 0.55, 0.2];

    private readonly GenerateOptions _options;
    private readonly SchoolCalendar _calendar;
    private readonly DateOnly _asAt;

    public FamilyGenerator(GenerateOptions options, SchoolCalendar calendar)
    {
        _options = options;
        _calendar = calendar;
        _asAt = options.ExtractDate;
    }

    private sealed class Member
    {
        public required string Id { get; init; }
        public required DateOnly Dob { get; init; }
        public required string? Sex { get; init; }
        public required string Role { get; init; }
        public required int Age { get; init; }
        public string? Ethnicity { get; init; }
        public bool Unborn { get; init; }
        public bool Adult => Age >= 18;
        public bool Child => !Adult && !Unborn;
    }

    private sealed record NeedRow(NeedSpec Spec, Member? Person, double Response, bool Success);

    /// <summary>Everything about the family being generated.</summary>
    private sealed class Family
    {
        public required Prng Random { get; set; }
        public required ExtractBlock Block { get; init; }
        public required string Number { get; init; }
        public required string Id { get; init; }
        public DateOnly Attached { get; set; }
        public DateOnly Identified { get; set; }
        public DateOnly? Closed { get; set; }
        public bool Waiting { get; set; }
        public string? ClosureReason { get; set; }
        public int Engagement { get; set; }
        public double FamilyResponse { get; set; }
        public List<Member> Members { get; } = [];
        public List<NeedRow> Needs { get; } = [];
        public int IncidentSeq;
        public int AssessmentSeq;
        public int ReferralSeq;
        public int PlanSeq;
        public int EvidenceSeq;

        public bool Has(string code) => Needs.Exists(n => n.Spec.Code == code);
        public bool Has(string code, Member m) => Needs.Exists(n => n.Spec.Code == code && n.Person == m);
        public NeedRow? Need(string code, Member m) => Needs.Find(n => n.Spec.Code == code && n.Person == m);
        public string NextId(string prefix, ref int seq) => prefix + Number + (++seq).ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>Generates family number <paramref name="index"/> (0-based) into <paramref name="block"/>.</summary>
    public void Generate(int index, ExtractBlock block)
    {
        var r = new Prng((ulong)_options.Seed, (ulong)index + 1);
        var number = (index + 1).ToString("D7", CultureInfo.InvariantCulture);
        var f = new Family { Random = r, Block = block, Number = number, Id = "F" + number };
        Timeline(f);
        Household(f, index);
        ChooseNeeds(f);
        WriteFamily(f);
        foreach (var m in f.Members) WritePerson(f, m);
        WriteNeeds(f);
        // Each child's attendance and each kind of record after it draws from a stream of its own, forked from the
        // family's: how many numbers a part draws depends on --effect, and must not move what the next part draws, so
        // that the same seed with another --effect gives the same people, needs and baselines (see truth.csv).
        foreach (var m in f.Members.Where(m => m.Child)) Isolated(f, () => Attendance(f, m));
        Isolated(f, () => Exclusions(f));
        Isolated(f, () => Incidents(f));
        Isolated(f, () => Referrals(f));
        Isolated(f, () => Plans(f));
        Isolated(f, () => Assessments(f));
        Isolated(f, () => Evidence(f));
        Isolated(f, () => Employment(f));
        Isolated(f, () => EetStatus(f));
        Isolated(f, () => Claim(f));
    }

    /// <summary>Runs <paramref name="part"/> on a stream forked from the family's, which then moves on by the same two draws whatever the part drew.</summary>
    private static void Isolated(Family f, Action part)
    {
        var family = f.Random;
        f.Random = family.Fork();
        try
        {
            part();
        }
        finally
        {
            f.Random = family;
        }
    }

    // ---------------------------------------------------------------- time and response

    private void Timeline(Family f)
    {
        var r = f.Random;
        f.Attached = Weekday(r.Date(_options.Start, _options.End));
        if (f.Attached > _options.End) f.Attached = f.Attached.AddDays(-3);
        f.Waiting = r.Chance(_options.WaitingListShare);
        f.Identified = f.Waiting ? Weekday(f.Attached.AddDays(-r.Between(120, 450))) : f.Attached;
        f.Engagement = r.Weighted(Engagement);
        f.FamilyResponse = Response(f);
        // Support lasts a few months to a year: log-normal around seven months, shorter when the family disengages.
        var days = Math.Clamp((int)(210 * Math.Exp(r.Normal(0, 0.35))), 80, 370);
        if (f.Engagement == 2) days = Math.Max(60, days * 2 / 3);
        var closed = f.Attached.AddDays(days);
        f.Closed = closed <= _asAt ? closed : null;
    }

    private static double Response(Family f) =>
        f.Random.Chance(ResponderChance[f.Engagement]) ? f.Random.Uniform(0.6, 1.0) : f.Random.Uniform(0, 0.15);

    /// <summary>
    /// The share of a problem resolved by <paramref name="t"/>: natural recovery, reached in full a year after
    /// identification (the regression to the mean a waiting list also shows: <paramref name="natural"/>, 35% for
    /// attendance, 25% for incidents and referrals, 15% for questionnaire scores) plus the programme's effect, which
    /// starts at attachment and builds over five months, scaled by the person's response and <c>--effect</c>.
    /// </summary>
    private double Recovery(Family f, DateOnly t, double response, double natural = 0.25)
    {
        var gone = natural * Math.Clamp((t.DayNumber - f.Identified.DayNumber) / 365.0, 0, 1);
        var effect = t > f.Attached ? _options.Effect * response * Math.Clamp((t.DayNumber - f.Attached.DayNumber) / 150.0, 0, 1) : 0;
        return Math.Min(1, gone + effect);
    }

    /// <summary>The rate multiplier for repeated events (incidents, referrals): never quite zero.</summary>
    private double EventFactor(Family f, DateOnly t, double response) => 1 - Math.Min(0.92, Recovery(f, t, response));

    // ---------------------------------------------------------------- household

    private static void Household(Family f, int index)
    {
        var r = f.Random;
        var a = f.Attached;
        var slot = 0;
        string PersonId() => ((long)(index + 1) * 10 + slot++).ToString("D8", CultureInfo.InvariantCulture);
        var ethnicity = Ethnicities[r.Weighted(EthnicityWeights)];
        string? Eth() => r.Chance(0.05) ? null : r.Chance(0.9) ? ethnicity : Ethnicities[r.Weighted(EthnicityWeights)];
        DateOnly Born(int age) => a.AddYears(-age).AddDays(-r.Between(1, 364));

        var lone = r.Chance(0.5);
        var parentAge = Math.Clamp((int)Math.Round(r.Normal(34, 7)), 19, 58);
        var parentSex = lone ? (r.Chance(0.88) ? "female" : "male") : "female";
        var expectant = r.Chance(0.06) && parentAge <= 42;
        var parent = new Member
        {
            Id = PersonId(), Dob = Born(parentAge), Sex = parentSex, Role = expectant ? "expectant_parent" : "parent_carer",
            Age = parentAge, Ethnicity = Eth(),
        };
        f.Members.Add(parent);
        if (!lone)
        {
            var grandparent = r.Chance(0.08);
            var age = grandparent ? Math.Clamp(parentAge + r.Between(20, 30), 40, 85) : Math.Clamp((int)Math.Round(parentAge + r.Normal(2, 4)), 18, 65);
            f.Members.Add(new Member
            {
                Id = PersonId(), Dob = Born(age), Sex = grandparent ? (r.Chance(0.7) ? "female" : "male") : (r.Chance(0.95) ? "male" : "female"),
                Role = grandparent ? "other_adult" : "parent_carer", Age = age, Ethnicity = Eth(),
            });
        }
        var children = 1 + r.Weighted([30, 32, 22, 16]);
        var oldest = Math.Min(17, parentAge - 16);
        for (var c = 0; c < children; c++)
        {
            var age = r.Between(0, oldest);
            f.Members.Add(new Member
            {
                Id = PersonId(), Dob = Born(age), Sex = r.Chance(0.002) ? "other" : r.Chance(0.51) ? "male" : "female",
                Role = "child", Age = age, Ethnicity = Eth(),
            });
        }
        if (expectant)
            f.Members.Add(new Member
            {
                Id = PersonId(), Dob = a.AddDays(r.Between(30, 240)), Sex = r.Chance(0.6) ? "unknown" : r.Chance(0.5) ? "male" : "female",
                Role = "child", Age = -1, Unborn = true,
            });
    }

    private static int AgeOn(Member m, DateOnly d)
    {
        var age = d.Year - m.Dob.Year;
        if (d < m.Dob.AddYears(age)) age--;
        return age;
    }

    /// <summary>Age on 31 August before the academic year starting in <paramref name="year"/> (the school-year age).</summary>
    private static int SchoolAge(Member m, int year) => AgeOn(m, new DateOnly(year, 8, 31));

    private static bool SchoolAgeIn(Member m, int year) => !m.Unborn && SchoolAge(m, year) is >= 4 and <= 15;

    /// <summary>A child can carry 1.1 or 1.2 when school age in both baseline terms and the term after attachment.</summary>
    private bool AttendanceEligible(Family f, Member m)
    {
        var last = _calendar.LastEndingOnOrBefore(f.Identified);
        var next = _calendar.FirstStartingOnOrAfter(f.Attached);
        return _calendar.ByIndex(last - 1) is { } b1 && _calendar.ByIndex(next) is { } n
            && SchoolAgeIn(m, b1.AcademicYear) && SchoolAgeIn(m, n.AcademicYear) && SchoolAgeIn(m, _calendar.ByIndex(last)!.AcademicYear);
    }

    // ---------------------------------------------------------------- needs

    private void ChooseNeeds(Family f)
    {
        var r = f.Random;
        var wanted = 2 + r.Weighted(Phase3Needs.CountWeights);
        var eligible = new List<Member>[Phase3Needs.All.Length];
        var weights = new double[Phase3Needs.All.Length];
        for (var i = 0; i < Phase3Needs.All.Length; i++)
        {
            var spec = Phase3Needs.All[i];
            eligible[i] = spec.Scope switch
            {
                NeedScope.Family => [],
                NeedScope.Adult when spec.Code == "2.1" => f.Members.Where(m => m.Role == "expectant_parent" || (m.Adult && f.Members.Exists(c => c.Child && c.Age == 0))).ToList(),
                NeedScope.Adult => f.Members.Where(m => m.Adult).ToList(),
                NeedScope.Anyone => f.Members.Where(m => !m.Unborn).ToList(),
                _ when spec.Code is "1.1" or "1.2" => f.Members.Where(m => m.Child && AttendanceEligible(f, m)).ToList(),
                _ => f.Members.Where(m => m.Child && m.Age >= spec.MinAge && m.Age <= spec.MaxAge).ToList(),
            };
            weights[i] = spec.Scope == NeedScope.Family || eligible[i].Count > 0 ? spec.Weight : 0;
        }
        var taken = new HashSet<Member>();
        for (var k = 0; k < wanted && weights.Any(w => w > 0); k++)
        {
            var i = r.Weighted(weights);
            weights[i] = 0;
            var spec = Phase3Needs.All[i];
            if (spec.Scope == NeedScope.Family)
            {
                f.Needs.Add(new NeedRow(spec, null, Response(f), false));
                continue;
            }
            // 1.1 and 1.2 (and 7.2 and 7.3) are alternatives for one child: a child carries one of the pair.
            var people = eligible[i].Where(m => !(spec.Code is "1.1" or "1.2" or "7.2" or "7.3") || !taken.Contains(m)).ToList();
            if (people.Count == 0)
            {
                k--;
                continue;
            }
            var first = r.Pick(people);
            AddPersonNeed(f, spec, first, taken);
            if (people.Count > 1 && r.Chance(Phase3Needs.SecondPerson(spec.Code)))
                AddPersonNeed(f, spec, people.First(p => p != first), taken);
        }
        // Domestic abuse needs travel together: a perpetrator (8.2) or an affected child (8.3) means the family need 8.1 too, usually.
        if ((f.Has("8.2") || f.Has("8.3")) && !f.Has("8.1") && r.Chance(0.6))
            f.Needs.Add(new NeedRow(Phase3Needs.All.First(n => n.Code == "8.1"), null, Response(f), false));

        for (var i = 0; i < f.Needs.Count; i++)
        {
            var n = f.Needs[i];
            var lucky = r.Chance(0.08);   // drawn whatever the effect, so that --effect moves no later draw
            f.Needs[i] = n with { Success = n.Response * _options.Effect >= 0.45 || lucky };
        }
    }

    private static void AddPersonNeed(Family f, NeedSpec spec, Member m, HashSet<Member> taken)
    {
        if (spec.Code is "1.1" or "1.2" or "7.2" or "7.3") taken.Add(m);
        f.Needs.Add(new NeedRow(spec, m, Response(f), false));
    }

    // ---------------------------------------------------------------- families, people, members, needs

    private void WriteFamily(Family f)
    {
        var r = f.Random;
        string? reason = null;
        if (f.Closed is not null)
        {
            reason = f.Engagement switch
            {
                0 => Pick(r, ["outcomes_achieved", "stepped_down", "other"], [80, 15, 5]),
                1 => Pick(r, ["outcomes_achieved", "stepped_down", "stepped_up", "moved_away", "other"], [50, 20, 10, 8, 12]),
                _ => Pick(r, ["disengaged", "stepped_up", "moved_away", "outcomes_achieved", "other"], [50, 25, 10, 10, 5]),
            };
        }
        f.ClosureReason = reason;
        f.Block.Row(ExtractTable.Families,
            f.Id, Text.Date(f.Attached), Text.Date(f.Closed), reason, _options.LaCode, Localities[r.Weighted(LocalityWeights)],
            Flag(r, 95, 2), Flag(r, 90, 4), Flag(r, 88, 5));
    }

    private static string? Flag(Prng r, double yes, double no) => r.Weighted([yes, no, 100 - yes - no]) switch { 0 => "yes", 1 => "no", _ => null };

    private static string Pick(Prng r, string[] values, double[] weights) => values[r.Weighted(weights)];

    private static void WritePerson(Family f, Member m)
    {
        f.Block.Row(ExtractTable.People, m.Id, Text.Date(m.Dob), m.Sex, m.Ethnicity);
        f.Block.Row(ExtractTable.FamilyMembers, f.Id, m.Id, m.Role);
    }

    private void WriteNeeds(Family f)
    {
        var r = f.Random;
        foreach (var n in f.Needs)
        {
            string? identified;
            if (f.Waiting) identified = Text.Date(f.Identified);
            else
            {
                var roll = r.NextDouble();
                identified = roll < 0.75 ? Text.Date(f.Attached)
                    : roll < 0.9 ? null
                    : f.Attached.AddDays(r.Between(1, 30)) is var later && later <= _asAt ? Text.Date(later) : Text.Date(f.Attached);
            }
            string? basis;
            if (n.Spec.Code is "7.1" or "7.3") basis = CrimeBasis(n);
            else basis = r.Chance(0.3) ? Phase3Needs.FreeBasis(n.Spec.Code) : null;
            var framework = r.Chance(0.4) ? "phase3" : null;
            f.Block.Row(ExtractTable.Needs, f.Id, n.Spec.Code, n.Person?.Id, identified, basis, framework);
        }
    }

    /// <summary>
    /// The crime basis of a 7.1 or 7.3 need (offence 40%, arrest 25%, asb 25%, named_suspect 10%), derived from the
    /// person's id so that the need row and the incidents agree without storing it.
    /// </summary>
    private static string CrimeBasis(NeedRow n) =>
        (ulong.Parse(n.Person!.Id, CultureInfo.InvariantCulture) * 2654435761UL % 1000 / 10) switch
        {
            < 40 => CrimeBases[0],
            < 65 => CrimeBases[1],
            < 90 => CrimeBases[2],
            _ => CrimeBases[3],
        };

    // ---------------------------------------------------------------- attendance and exclusions

    private readonly record struct TermRow(SchoolTerm Term, int Possible, int Attended, int Authorised, int Unauthorised);

    private void Attendance(Family f, Member child)
    {
        var r = f.Random;
        var need = f.Need("1.2", child) ?? f.Need("1.1", child);
        var siblingNeed = f.Has("1.1") || f.Has("1.2");
        double baseline = need?.Spec.Code switch
        {
            "1.2" => r.Uniform(20, 46),
            "1.1" => r.Uniform(68, 88),
            _ => Math.Min(99.5, siblingNeed ? r.Normal(91, 4.5) : r.Normal(94, 3.5)),
        };
        const double healthy = 95;
        var response = need?.Response ?? 0;
        var firstYear = f.Identified.AddYears(-2).Year - (f.Identified.AddYears(-2).Month >= 9 ? 0 : 1);
        var rows = new List<TermRow>(15);
        foreach (var term in _calendar.Terms)
        {
            if (term.AcademicYear < firstYear || term.End > _asAt || !SchoolAgeIn(child, term.AcademicYear)) continue;
            var mid = term.Start.AddDays((term.End.DayNumber - term.Start.DayNumber) / 2);
            double level;
            if (need is null) level = baseline;
            else if (mid < f.Identified) level = Math.Min(healthy, baseline + 2.5 * (f.Identified.DayNumber - mid.DayNumber) / 365.0);
            else level = healthy - (healthy - baseline) * (1 - Recovery(f, mid, response, 0.35));
            var rate = Math.Clamp(level + r.Normal(0, need is null ? 2 : 3), 0, 100);
            var possible = r.Chance(0.04) ? (int)(term.PossibleSessions * r.Uniform(0.5, 0.95)) : term.PossibleSessions;
            var attended = (int)Math.Round(possible * rate / 100);
            rows.Add(Split(r, term, possible, attended, need is not null));
        }
        if (need is not null)
        {
            var threshold = need.Spec.Code == "1.2" ? 0.5 : 0.9;
            // The baseline is at identification: for a waiting-list family the terms before support starts are
            // its comparison period and are left as the model makes them.
            Enforce(rows, _calendar.LastEndingOnOrBefore(f.Identified), threshold, r);
        }
        foreach (var t in rows)
            f.Block.Row(ExtractTable.Attendance, child.Id, Text.AcademicYear(t.Term.AcademicYear), t.Term.Term,
                Text.Int(t.Possible), Text.Int(t.Attended), Text.Int(t.Authorised), Text.Int(t.Unauthorised));
    }

    private static TermRow Split(Prng r, SchoolTerm term, int possible, int attended, bool need)
    {
        var absent = possible - attended;
        var unauthorised = (int)Math.Round(absent * (need ? r.Uniform(0.35, 0.7) : r.Uniform(0.15, 0.35)));
        return new TermRow(term, possible, attended, absent - unauthorised, unauthorised);
    }

    /// <summary>Makes the two baseline terms ending by <paramref name="lastIndex"/> average under the threshold (sessions-weighted).</summary>
    private static void Enforce(List<TermRow> rows, int lastIndex, double threshold, Prng r)
    {
        var a = rows.FindIndex(t => t.Term.Index == lastIndex - 1);
        var b = rows.FindIndex(t => t.Term.Index == lastIndex);
        if (a < 0 || b < 0) return;
        var possible = rows[a].Possible + rows[b].Possible;
        if (possible == 0 || (rows[a].Attended + rows[b].Attended) < threshold * possible) return;
        var target = threshold - r.Uniform(0.005, 0.04);
        foreach (var i in new[] { a, b })
        {
            var t = rows[i];
            rows[i] = Split(r, t.Term, t.Possible, (int)Math.Floor(t.Possible * target), true);
        }
    }

    private void Exclusions(Family f)
    {
        var r = f.Random;
        foreach (var child in f.Members.Where(m => m.Child && m.Age >= 5))
        {
            var need = f.Need("1.3", child);
            if (need is null)
            {
                if (r.Chance(0.03)) Exclusion(f, child, r.Date(f.Identified.AddDays(-300), Min(f.Attached.AddDays(300), _asAt)), false);
                continue;
            }
            var before = r.Between(1, 4);
            for (var i = 0; i < before; i++) Exclusion(f, child, r.Date(f.Identified.AddDays(-180), f.Identified.AddDays(-1)), r.Chance(0.03));
            Events(f, f.Identified, _asAt, before / 6.0, t => EventFactor(f, t, need.Response), d => Exclusion(f, child, d, false));
        }
    }

    private void Exclusion(Family f, Member child, DateOnly date, bool permanent)
    {
        var r = f.Random;
        date = Weekday(date);
        if (date > _asAt || !SchoolAgeIn(child, date.Month >= 9 ? date.Year : date.Year - 1)) return;
        var days = permanent ? r.Between(10, 60) : r.Between(1, 10) / 2.0;
        f.Block.Row(ExtractTable.Exclusions, child.Id, Text.Date(date), permanent ? "permanent" : "suspension", Text.Half(days));
    }

    // ---------------------------------------------------------------- incidents

    private void Incidents(Family f)
    {
        var r = f.Random;
        var i = f.Identified;
        foreach (var m in f.Members.Where(m => !m.Unborn))
        {
            var crime = m.Adult ? f.Need("7.1", m) : f.Need("7.3", m);
            if (crime is not null)
            {
                var basis = CrimeBasis(crime);
                var high = crime.Spec.Code == "7.1" ? r.Chance(0.15) : r.Chance(0.25);
                var n = crime.Spec.Code == "7.1"
                    ? (high ? r.Between(8, 20) : 1 + r.Weighted([20, 20, 15, 12, 10, 8, 6]))
                    : (high ? r.Between(5, 12) : r.Between(1, 4));
                var severe = crime.Spec.Code == "7.3" ? 0.12 : 0.0;
                for (var k = 0; k < n; k++) Crime(f, m, basis, r.Date(i.AddDays(-365), i.AddDays(-1)), severe);
                Events(f, i.AddDays(-730), i.AddDays(-366), n / 24.0, _ => 1, d => Crime(f, m, basis, d, severe));
                Events(f, i.AddDays(-365), i.AddDays(-1), 0.08, _ => 1, d => Crime(f, m, OtherCrime(f.Random, basis), d, severe));
                Events(f, i, _asAt, n / 12.0, t => EventFactor(f, t, crime.Response), d => Crime(f, m, basis, d, severe / 2));
                // Now and then a young person's record after attachment is of another type than the need's basis: not
                // counted, but a severe one still blocks 7.3's reduction route.
                if (severe > 0) Events(f, i, _asAt, 0.1, _ => 1, d => Crime(f, m, OtherCrime(f.Random, basis), d, 0.5));
                continue;
            }
            if (f.Need("7.2", m) is { } risk)
            {
                var n = r.Poisson(0.8);
                for (var k = 0; k < n; k++) Incident(f, m, r.Chance(0.6) ? "asb" : "police_report", r.Date(i.AddDays(-365), i.AddDays(-1)), "subject", false);
                Events(f, i, _asAt, 0.12, t => EventFactor(f, t, risk.Response), d => Crime(f, m, f.Random.Chance(0.5) ? "asb" : "offence", d, 0));
                continue;
            }
            // Background: a few members without a crime need still have a record.
            if ((m.Adult || m.Age >= 10) && r.Chance(0.03))
                Crime(f, m, r.Chance(0.5) ? "asb" : "offence", r.Date(i.AddDays(-700), Min(f.Attached.AddDays(365), _asAt)), 0);
        }

        // Domestic abuse: the victim is usually the mother; a partner in the family is the perpetrator; affected children are subjects.
        if (f.Has("8.1") || f.Has("8.2") || f.Has("8.3"))
        {
            var adults = f.Members.Where(m => m.Adult).ToList();
            var perpetrator = f.Needs.Find(n => n.Spec.Code == "8.2")?.Person ?? adults.Find(a => a.Sex == "male" && a.Role == "parent_carer");
            var victim = adults.Find(a => a != perpetrator && a.Sex == "female") ?? adults.Find(a => a != perpetrator);
            var children = f.Needs.Where(n => n.Spec.Code == "8.3").Select(n => n.Person!).ToList();
            var need = f.Needs.First(n => n.Spec.Code is "8.1" or "8.2" or "8.3");
            var k = 1 + r.Poisson(1.5);
            void Abuse(DateOnly d)
            {
                if (victim is not null) Incident(f, victim, "domestic_abuse", d, "victim", false);
                if (perpetrator is not null) Incident(f, perpetrator, "domestic_abuse", d, "perpetrator", false);
                foreach (var c in children.Where(c => c.Dob <= d && f.Random.Chance(0.5))) Incident(f, c, "domestic_abuse", d, "subject", false);
            }
            for (var j = 0; j < k; j++) Abuse(r.Date(i.AddDays(-365), i.AddDays(-1)));
            Events(f, i, _asAt, k / 12.0, t => EventFactor(f, t, need.Response), Abuse);
        }

        foreach (var n in f.Needs.Where(n => n.Person is { } p && p.Child))
        {
            var child = n.Person!;
            switch (n.Spec.Code)
            {
                case "6.2":
                    var missing = 1 + r.Poisson(1.5);
                    for (var j = 0; j < missing; j++) Incident(f, child, "missing_episode", r.Date(i.AddDays(-183), i.AddDays(-1)), "subject", false);
                    Events(f, i, _asAt, missing / 6.0, t => EventFactor(f, t, n.Response), d => Incident(f, child, "missing_episode", d, "subject", false));
                    break;
                case "6.3" or "6.4":
                    var reports = 1 + r.Poisson(0.5);
                    for (var j = 0; j < reports; j++) Incident(f, child, "exploitation_report", r.Date(i.AddDays(-365), i.AddDays(-1)), "victim", false);
                    Events(f, i, _asAt, 0.15, t => EventFactor(f, t, n.Response), d => Incident(f, child, f.Random.Chance(0.5) ? "police_report" : "exploitation_report", d, "victim", false));
                    break;
                case "6.6":
                    Incident(f, child, "police_report", r.Date(i.AddDays(-180), i.AddDays(-1)), "victim", false);
                    Events(f, i, _asAt, 0.08, t => EventFactor(f, t, n.Response), d => Incident(f, child, "police_report", d, "victim", false));
                    break;
            }
        }
    }

    private static string OtherCrime(Prng r, string basis)
    {
        var other = CrimeBases[r.Weighted(CrimeBasisWeights)];
        return other == basis ? "police_report" : other;
    }

    private void Crime(Family f, Member m, string type, DateOnly date, double severeChance)
    {
        var role = type switch { "arrest" => "subject", "police_report" => "subject", _ => "perpetrator" };
        var severe = type is "offence" or "arrest" && severeChance > 0 && f.Random.Chance(severeChance);
        Incident(f, m, type, date, role, severe);
    }

    private void Incident(Family f, Member m, string type, DateOnly date, string role, bool severe)
    {
        if (date > _asAt || date < m.Dob) return;
        var r = f.Random;
        var source = type == "asb" ? "community safety partnership" : type == "missing_episode" && r.Chance(0.3) ? "childrens social care" : "police";
        var severeText = severe ? "yes" : r.Chance(0.6) ? "no" : null;
        f.Block.Row(ExtractTable.Incidents, f.NextId("I", ref f.IncidentSeq), m.Id, Text.Date(date), type, r.Chance(0.9) ? role : null, severeText, source);
    }

    /// <summary>Events of a Poisson process month by month from <paramref name="from"/> to <paramref name="to"/>, the monthly rate scaled by <paramref name="factor"/>.</summary>
    private static void Events(Family f, DateOnly from, DateOnly to, double perMonth, Func<DateOnly, double> factor, Action<DateOnly> emit)
    {
        // On a stream of its own: the number of events depends on the factor (and so on --effect).
        Isolated(f, () =>
        {
            var r = f.Random;
            for (var s = from; s <= to; s = s.AddDays(30))
            {
                var e = Min(s.AddDays(29), to);
                var mid = s.AddDays((e.DayNumber - s.DayNumber) / 2);
                var n = r.Poisson(perMonth * factor(mid) * (e.DayNumber - s.DayNumber + 1) / 30.0);
                for (var k = 0; k < n; k++) emit(r.Date(s, e));
            }
        });
    }

    // ---------------------------------------------------------------- referrals and plans

    private void Referrals(Family f)
    {
        var r = f.Random;
        var i = f.Identified;
        Referral(f, r.Chance(0.3) ? r.Pick(f.Members) : null, true, r.Date(i.AddDays(-45), i), "early_help");
        foreach (var n in f.Needs)
        {
            var (service, chance) = n.Spec.Headline switch
            {
                6 => ("childrens_social_care", 0.6),
                8 => ("domestic_abuse", 0.7),
                3 => ("mental_health", 0.4),
                4 => ("substance_misuse", 0.5),
                7 => ("youth_justice", n.Spec.Code == "7.1" ? 0 : 0.4),
                9 => ("housing", 0.6),
                10 => ("other", 0.2),
                _ => ("other", 0.0),
            };
            if (r.Chance(chance)) Referral(f, n.Person, n.Person is null || r.Chance(0.5), r.Date(i.AddDays(-120), i.AddDays(-1)), service);
        }
        // Re-referrals: social care and domestic abuse services, more often for families with safeguarding or DA needs,
        // less often as the family's problems resolve.
        var risk = f.Needs.Exists(n => n.Spec.Headline is 6 or 8) ? 0.025 : 0.004;
        var children = f.Members.Where(m => m.Child).ToList();
        Events(f, i, _asAt, risk, t => EventFactor(f, t, f.FamilyResponse), d =>
            Referral(f, children.Count > 0 && f.Random.Chance(0.5) ? f.Random.Pick(children) : null, true, d,
                f.Has("8.1") && f.Random.Chance(0.4) ? "domestic_abuse" : "childrens_social_care"));
    }

    private void Referral(Family f, Member? person, bool family, DateOnly date, string service)
    {
        if (date > _asAt || (person is not null && date < person.Dob)) person = null;
        if (date > _asAt) return;
        f.Block.Row(ExtractTable.Referrals, f.NextId("R", ref f.ReferralSeq), person?.Id, family || person is null ? f.Id : null, Text.Date(date), service);
    }

    private void Plans(Family f)
    {
        var section = f.Random;
        foreach (var child in f.Members.Where(m => m.Child))
        {
            // Each child on a stream of its own: how plans step down depends on --effect.
            var r = f.Random = section.Fork();
            if (f.Need("6.1", child) is { } abuse)
            {
                // A statutory plan in place before attachment, stepping down CP → CIN → early help when the family responds.
                var type = Pick(r, ["child_protection", "child_in_need", "early_help"], [25, 45, 30]);
                var start = Max(child.Dob, f.Identified.AddDays(-r.Between(30, 270)));
                var responded = abuse.Response * _options.Effect >= 0.45;
                for (var step = 0; step < 3; step++)
                {
                    var end = (responded && step == 0 ? Max(start, f.Attached) : start).AddDays(r.Between(60, 180));
                    string reason;
                    string? next;
                    if (responded)
                    {
                        next = type switch { "child_protection" => "child_in_need", "child_in_need" => "early_help", _ => null };
                        reason = next is null ? "closed" : "stepped_down";
                    }
                    else
                    {
                        next = type switch { "early_help" => "child_in_need", "child_in_need" => r.Chance(0.5) ? "child_protection" : null, _ => r.Chance(0.15) ? "looked_after" : null };
                        reason = next is null ? (r.Chance(0.5) ? "other" : "closed") : "stepped_up";
                    }
                    if (end > _asAt || r.Chance(0.1))
                    {
                        Plan(f, child, type, start, null, null);
                        break;
                    }
                    Plan(f, child, type, start, end, reason);
                    if (next is null) break;
                    type = next;
                    start = end;
                }
                continue;
            }
            if (r.Chance(0.5))
            {
                var reason = f.ClosureReason switch
                {
                    "stepped_up" => "stepped_up",
                    "stepped_down" => "stepped_down",
                    "moved_away" => "transferred",
                    null => null,
                    _ => "closed",
                };
                var start = Max(child.Dob, f.Attached);
                Plan(f, child, "early_help", start, f.Closed is { } c && c >= start ? c : null, f.Closed is not null ? reason : null);
                if (f.ClosureReason == "stepped_up" && f.Closed is { } up && r.Chance(0.8))
                    Plan(f, child, r.Chance(0.7) ? "child_in_need" : "child_protection", up, null, null);
            }
        }
    }

    private static void Plan(Family f, Member child, string type, DateOnly start, DateOnly? end, string? reason) =>
        f.Block.Row(ExtractTable.Plans, f.NextId("PL", ref f.PlanSeq), child.Id, type, Text.Date(start), Text.Date(end), end is null ? null : reason);

    // ---------------------------------------------------------------- questionnaires

    /// <summary>How one instrument's scores behave for people with the need: baseline, healthy level, noise and range.</summary>
    private sealed record ScoreModel(string Instrument, double Baseline, double BaselineSd, double Healthy, double Noise, int Min, int Max);

    // Baselines for people with the need and "healthy" levels follow the instruments' published norms and clinical
    // cut-offs (see synthetic-data.md): for example WEMWBS population mean about 51, PHQ-9 caseness 10, GAD-7 caseness 8.
    private static readonly Dictionary<string, ScoreModel> Models = new(StringComparer.Ordinal)
    {
        ["SDQ:parent"] = new("SDQ", 19, 5, 8.4, 2, 0, 40),
        ["SDQ:teacher"] = new("SDQ", 16, 5, 6, 2, 0, 40),
        ["SDQ:self"] = new("SDQ", 19, 5, 10.3, 2, 0, 40),
        ["WEMWBS"] = new("WEMWBS", 37, 6, 51, 3, 14, 70),
        ["SWEMWBS"] = new("SWEMWBS", 17, 3, 24, 1.5, 7, 35),
        ["GAD7"] = new("GAD7", 13, 4, 4, 2, 0, 21),
        ["PHQ9"] = new("PHQ9", 15, 5, 5, 2.5, 0, 27),
        ["K10"] = new("K10", 28, 6, 15, 3, 10, 50),
        ["RCADS"] = new("RCADS", 68, 8, 50, 4, 20, 120),
        ["AUDIT"] = new("AUDIT", 18, 5, 6, 2, 0, 40),
        ["AUDITC"] = new("AUDITC", 8, 2, 4, 1, 0, 12),
        ["CRAFFT"] = new("CRAFFT", 3.5, 1, 1, 0.7, 0, 6),
        ["DASTA"] = new("DASTA", 10, 3, 3, 1.5, 0, 27),
        ["ASQ"] = new("ASQ", 25, 8, 45, 5, 0, 60),
        ["MORS"] = new("MORS", 22, 6, 32, 3, 0, 40),
        ["FRQ"] = new("FRQ", 40, 12, 70, 8, 0, 100),
        ["DASS21"] = new("DASS21", 54, 14, 20, 6, 0, 126),
    };

    private void Assessments(Family f)
    {
        var r = f.Random;
        var sdq = new HashSet<(Member, string)>();
        foreach (var n in f.Needs)
        {
            var p = n.Person;
            switch (n.Spec.Code)
            {
                case "3.1" when p!.Age < 4:
                    Sittings(f, p, "MORS", "parent", n.Response);
                    break;
                case "3.1" when p!.Age <= 10:
                    Sdq(f, p, "parent", n.Response, sdq);
                    if (r.Chance(0.3)) Sdq(f, p, "teacher", n.Response, sdq);
                    break;
                case "3.1":
                    switch (r.Weighted([60, 20, 10, 10]))
                    {
                        case 0: Sdq(f, p!, "self", n.Response, sdq); break;
                        case 1: Sittings(f, p!, "SWEMWBS", "self", n.Response); break;
                        case 2: Sittings(f, p!, "GAD7", "self", n.Response); break;
                        default: Sittings(f, p!, "RCADS", "self", n.Response); break;
                    }
                    if (r.Chance(0.3)) Sdq(f, p!, "parent", n.Response, sdq);
                    break;
                case "1.3":
                    if (r.Chance(0.6)) Sdq(f, p!, r.Chance(0.5) ? "teacher" : "parent", n.Response, sdq);
                    break;
                case "3.2":
                    switch (r.Weighted([35, 25, 25, 10, 5]))
                    {
                        case 0: Sittings(f, p!, "WEMWBS", "self", n.Response); break;
                        case 1: Sittings(f, p!, "SWEMWBS", "self", n.Response); break;
                        case 2:
                            Sittings(f, p!, "PHQ9", "self", n.Response);
                            Sittings(f, p!, "GAD7", "self", n.Response);
                            break;
                        case 3: Sittings(f, p!, "K10", "self", n.Response); break;
                        default: Sittings(f, p!, "DASS21", "self", n.Response); break;
                    }
                    break;
                case "4.1":
                    Sittings(f, p!, r.Chance(0.6) ? "AUDIT" : "AUDITC", r.Chance(0.8) ? "self" : "practitioner", n.Response);
                    break;
                case "4.2":
                    Sittings(f, p!, r.Chance(0.7) ? "CRAFFT" : "DASTA", "self", n.Response);
                    break;
                case "2.3":
                    Sittings(f, p!, "ASQ", "parent", n.Response);
                    break;
                case "5.2" when r.Chance(0.4) && f.Members.Find(m => m.Adult) is { } adult:
                    Sittings(f, adult, "FRQ", "self", n.Response);
                    break;
            }
        }
    }

    private void Sdq(Family f, Member p, string informant, double response, HashSet<(Member, string)> done)
    {
        if (done.Add((p, informant))) Sittings(f, p, "SDQ", informant, response);
    }

    /// <summary>
    /// A baseline sitting near identification, for a waiting-list family a second one just before support starts,
    /// and (usually) a follow-up near closure, each at least 28 days after the one before.
    /// </summary>
    private void Sittings(Family f, Member p, string instrument, string informant, double response)
    {
        var r = f.Random;
        var model = Models[instrument == "SDQ" ? "SDQ:" + informant : instrument];
        var baseline = Math.Clamp(r.Normal(model.Baseline, model.BaselineSd), model.Min, model.Max);
        var dates = new List<DateOnly> { f.Identified.AddDays(r.Between(0, 21)) };
        if (f.Waiting) dates.Add(f.Attached.AddDays(-r.Between(0, 14)));
        if (r.Chance(0.85))
            dates.Add(f.Closed is { } c ? c.AddDays(-r.Between(0, 21)) : f.Attached.AddDays(r.Between(90, 200)));
        var last = DateOnly.MinValue;
        foreach (var d in dates)
        {
            if (d > _asAt || d < last.AddDays(28) || d < p.Dob) continue;
            last = d;
            var f0 = Recovery(f, d, response, 0.15);
            var score = model.Healthy + (baseline - model.Healthy) * (1 - f0) + r.Normal(0, model.Noise);
            var total = (int)Math.Clamp(Math.Round(score), model.Min, model.Max);
            var id = f.NextId("S", ref f.AssessmentSeq);
            var who = informant == "self" && r.Chance(0.3) ? null : informant;
            var date = Text.Date(d);
            switch (instrument)
            {
                case "SDQ":
                    var parts = SplitTotal(r, total, 4, 10);
                    string[] scales = ["emotional", "conduct", "hyperactivity", "peer"];
                    for (var k = 0; k < 4; k++) Score(f, id, p, instrument, who, date, scales[k], parts[k]);
                    Score(f, id, p, instrument, who, date, "total", total);
                    Score(f, id, p, instrument, who, date, "prosocial", Math.Clamp((int)Math.Round(r.Normal(8 - total / 10.0, 1.5)), 0, 10));
                    if (r.Chance(0.6)) Score(f, id, p, instrument, who, date, "impact", Math.Clamp((int)Math.Round(total / 5.0 + r.Normal(0, 1)), 0, 10));
                    break;
                case "DASS21":
                    var dass = SplitTotal(r, total / 2, 3, 21);
                    Score(f, id, p, instrument, who, date, "depression", dass[0] * 2);
                    Score(f, id, p, instrument, who, date, "anxiety", dass[1] * 2);
                    Score(f, id, p, instrument, who, date, "stress", dass[2] * 2);
                    Score(f, id, p, instrument, who, date, "total", (dass[0] + dass[1] + dass[2]) * 2);
                    break;
                default:
                    Score(f, id, p, instrument, who, date, r.Chance(0.5) ? "total" : null, total);
                    break;
            }
        }
    }

    private static void Score(Family f, string id, Member p, string instrument, string? informant, string date, string? scale, int score) =>
        f.Block.Row(ExtractTable.Assessments, id, p.Id, instrument, informant, date, scale, Text.Int(score));

    /// <summary>Splits a total into <paramref name="parts"/> scores of at most <paramref name="max"/> each that add up to it.</summary>
    private static int[] SplitTotal(Prng r, int total, int parts, int max)
    {
        total = Math.Min(total, parts * max);
        var weights = new double[parts];
        for (var k = 0; k < parts; k++) weights[k] = r.Uniform(0.5, 1.5);
        var sum = weights.Sum();
        var result = new int[parts];
        for (var k = 0; k < parts; k++) result[k] = Math.Min(max, (int)Math.Floor(total * weights[k] / sum));
        var rest = total - result.Sum();
        for (var k = 0; rest > 0; k = (k + 1) % parts)
            if (result[k] < max)
            {
                result[k]++;
                rest--;
            }
        return result;
    }

    // ---------------------------------------------------------------- evidence, employment, EET, claims

    private static readonly Dictionary<int, string> ExtraEvidence = new()
    {
        [1] = "support_in_place", [2] = "course_completed", [3] = "service_engagement", [4] = "specialist_programme",
        [5] = "course_completed", [6] = "multi_agency_engagement", [7] = "service_engagement", [8] = "multi_agency_engagement",
        [9] = "confirmation", [10] = "self_assessment",
    };

    private void Evidence(Family f)
    {
        var r = f.Random;
        foreach (var n in f.Needs)
        {
            if (f.Closed is { } c)
            {
                var date = Max(f.Attached, c.AddDays(-r.Between(0, 14)));
                var result = n.Success ? (r.Chance(0.7) ? "met" : "improved") : (r.Chance(0.6) ? "not_met" : "not_improved");
                EvidenceRow(f, n, "practitioner_assessment", result, date);
                if (r.Chance(0.5))
                    EvidenceRow(f, n, ExtraEvidence[n.Spec.Headline], n.Success ? "met" : "not_met", r.Date(Min(f.Attached.AddDays(30), c), c));
            }
            else if (r.Chance(0.6) && f.Attached.AddDays(60) <= _asAt)
            {
                EvidenceRow(f, n, "practitioner_assessment", n.Response > 0.5 ? "improved" : "not_improved", r.Date(f.Attached.AddDays(60), _asAt));
            }
        }
    }

    private static void EvidenceRow(Family f, NeedRow n, string type, string result, DateOnly date)
    {
        var r = f.Random;
        var verified = r.Weighted([55, 10, 35]) switch { 0 => "yes", 1 => "no", _ => null };
        f.Block.Row(ExtractTable.Evidence, f.NextId("E", ref f.EvidenceSeq), f.Id, n.Person?.Id, n.Spec.Code, type, result, Text.Date(date), verified);
    }

    private void Employment(Family f)
    {
        var section = f.Random;
        foreach (var adult in f.Members.Where(m => m.Adult))
        {
            // Each adult on a stream of its own: when a job starts depends on --effect.
            var r = f.Random = section.Fork();
            var sixteen = adult.Dob.AddYears(16);
            if (f.Need("10.1", adult) is { } workless)
            {
                var start = Max(sixteen, f.Identified.AddDays(-r.Between(90, 1800)));
                var benefit = r.Chance(0.6) ? "uc_searching_for_work" : "out_of_work_benefit";
                // Monthly chance of starting work: 1.5% without help, plus up to 8% with it (scaled by response and --effect).
                DateOnly? job = null;
                for (var d = f.Identified; d <= _asAt && job is null; d = d.AddDays(30))
                {
                    var hazard = 0.015 + (d > f.Attached ? 0.08 * _options.Effect * workless.Response : 0);
                    if (r.Chance(hazard)) job = Min(d.AddDays(r.Between(0, 29)), _asAt);
                }
                if (job is { } j && j > start)
                {
                    Spell(f, adult, benefit, start, j.AddDays(-1));
                    var end = j.AddDays(r.Between(60, 720));
                    Spell(f, adult, "employed", j, end <= _asAt && r.Chance(0.3) ? end : null);
                }
                else Spell(f, adult, benefit, start, null);
                if (r.Chance(0.15) && f.Attached.AddDays(30) <= _asAt)
                {
                    var t = r.Date(f.Attached, Min(f.Attached.AddDays(200), _asAt));
                    Spell(f, adult, "training", t, Min(t.AddDays(r.Between(20, 90)), _asAt));
                }
                continue;
            }
            switch (r.Weighted([55, 25, 20]))
            {
                case 0:
                    Spell(f, adult, "employed", Max(sixteen, f.Identified.AddDays(-r.Between(180, 3650))), null);
                    break;
                case 1:
                    Spell(f, adult, "out_of_work_benefit", Max(sixteen, f.Identified.AddDays(-r.Between(180, 3650))), null);
                    break;
            }
        }
    }

    private static void Spell(Family f, Member m, string status, DateOnly start, DateOnly? end)
    {
        if (end is { } e && e < start) end = start;
        f.Block.Row(ExtractTable.Employment, m.Id, status, BenefitOf(m.Id, status), Text.Date(start), Text.Date(end));
    }

    /// <summary>
    /// The benefit of an out-of-work spell: Universal Credit when searching for work on it; otherwise JSA for two people
    /// in five, then ESA, income support and one in ten unknown, chosen from the person's id (not drawn from the random
    /// stream, so every other value of the extract is what it was before benefits were recorded).
    /// </summary>
    internal static string? BenefitOf(string personId, string status)
    {
        if (status == "uc_searching_for_work") return "universal_credit";
        if (status != "out_of_work_benefit") return null;
        var hash = 0;
        foreach (var c in personId) hash = unchecked((hash * 31) + c);
        return (((hash % 10) + 10) % 10) switch
        {
            < 4 => "jsa",
            < 7 => "esa",
            < 9 => "income_support",
            _ => null,
        };
    }

    private void EetStatus(Family f)
    {
        var section = f.Random;
        foreach (var yp in f.Members.Where(m => !m.Unborn && m.Age is >= 14 and <= 18))
        {
            // Each young person on a stream of their own: when a move into EET comes depends on --effect.
            var r = f.Random = section.Fork();
            var from = Max(yp.Dob.AddYears(16), f.Identified.AddDays(-365));
            var to = Min(yp.Dob.AddYears(19).AddDays(-1), _asAt);
            var need = f.Need("10.3", yp);
            var inWork = need is null;
            var last = "eet";
            // NCCIS records at the end of each quarter while the young person is 16 to 18.
            for (var d = QuarterEnd(from); d <= to; d = QuarterEnd(d.AddDays(1)))
            {
                string status;
                if (need is not null)
                {
                    if (!inWork && r.Chance(0.05 + (d > f.Attached ? 0.2 * _options.Effect * need.Response : 0))) inWork = true;
                    status = inWork ? (r.Chance(0.9) ? "eet" : "neet") : (r.Chance(0.88) ? "neet" : "not_known");
                }
                else status = last == "neet" && r.Chance(0.5) ? "neet" : r.Weighted([88, 7, 5]) switch { 0 => "eet", 1 => "neet", _ => "not_known" };
                last = status;
                f.Block.Row(ExtractTable.EetStatus, yp.Id, Text.Date(d), status);
            }
        }
    }

    private static DateOnly QuarterEnd(DateOnly d)
    {
        var month = (d.Month + 2) / 3 * 3;
        return new DateOnly(d.Year, month, DateTime.DaysInMonth(d.Year, month));
    }

    private void Claim(Family f)
    {
        var r = f.Random;
        if (f.Closed is not { } c || f.ClosureReason != "outcomes_achieved") return;
        if (f.Needs.Select(n => n.Spec.Code).Distinct().Count() < 3 || !f.Needs.TrueForAll(n => n.Success)) return;
        var date = c.AddMonths(6).AddDays(r.Between(7, 75));
        if (date > _asAt || !r.Chance(0.75)) return;
        f.Block.Row(ExtractTable.Claims, f.Id, Text.Date(date), r.Chance(0.7) ? "phase3" : null);
    }

    // ---------------------------------------------------------------- dates

    private static DateOnly Weekday(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(2),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
