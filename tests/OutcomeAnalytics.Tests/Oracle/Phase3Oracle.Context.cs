using System.Globalization;

namespace OutcomeAnalytics.Tests.Oracle;

internal sealed partial class Phase3Oracle
{
    /// <summary>The tables, with lookups by person and by family so each family's rules read only its own rows.</summary>
    internal sealed class World
    {
        public World(OracleData data)
        {
            BirthDates = data.People.ToDictionary(p => p.PersonId, p => p.DateOfBirth, StringComparer.Ordinal);
            Members = data.Members.ToLookup(m => m.FamilyId, m => m.PersonId, StringComparer.Ordinal);
            Needs = data.Needs.Where(n => (string.IsNullOrEmpty(n.Framework) ? FrameworkId : n.Framework) == FrameworkId)
                .ToLookup(n => n.FamilyId, StringComparer.Ordinal);
            Attendance = data.Attendance.ToDictionary(a => (a.PersonId, a.AcademicYear, a.Term));
            Terms = data.TermDates.Count > 0 ? [.. data.TermDates.OrderBy(t => t.StartDate)] : DefaultCalendar();
            Exclusions = data.Exclusions.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            Incidents = data.Incidents.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            ReferralsByPerson = data.Referrals.Where(r => r.PersonId is not null).ToLookup(r => r.PersonId!, StringComparer.Ordinal);
            ReferralsByFamily = data.Referrals.Where(r => r.FamilyId is not null).ToLookup(r => r.FamilyId!, StringComparer.Ordinal);
            Plans = data.Plans.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            Assessments = data.Assessments.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            Evidence = data.Evidence.ToLookup(x => x.FamilyId, StringComparer.Ordinal);
            Employment = data.Employment.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            Eet = data.EetStatus.ToLookup(x => x.PersonId, StringComparer.Ordinal);
            // A claim is phase 3's when made under phase 3 or its restatement phase3-sfop, or under the framework the
            // family's needs are recorded under (README, "A family is claimed for once").
            string Of(string? framework) => string.IsNullOrEmpty(framework) ? FrameworkId : framework;
            var recordedUnder = data.Needs.Select(n => (n.FamilyId, Of(n.Framework))).ToHashSet();
            Claims = data.Claims.Where(c => Of(c.Framework) is FrameworkId or "phase3-sfop" || recordedUnder.Contains((c.FamilyId, Of(c.Framework))))
                .ToLookup(c => c.FamilyId, c => c.ClaimDate, StringComparer.Ordinal);
        }

        public Dictionary<string, DateOnly?> BirthDates { get; }
        public ILookup<string, string> Members { get; }
        public ILookup<string, NeedRow> Needs { get; }
        public Dictionary<(string PersonId, string AcademicYear, string Term), AttendanceRow> Attendance { get; }
        public IReadOnlyList<TermRow> Terms { get; }
        public ILookup<string, ExclusionRow> Exclusions { get; }
        public ILookup<string, IncidentRow> Incidents { get; }
        public ILookup<string, ReferralRow> ReferralsByPerson { get; }
        public ILookup<string, ReferralRow> ReferralsByFamily { get; }
        public ILookup<string, PlanRow> Plans { get; }
        public ILookup<string, AssessmentRow> Assessments { get; }
        public ILookup<string, EvidenceRow> Evidence { get; }
        public ILookup<string, EmploymentRow> Employment { get; }
        public ILookup<string, EetRow> Eet { get; }
        /// <summary>The dates of each family's claims under this framework.</summary>
        public ILookup<string, DateOnly> Claims { get; }

        /// <summary>Ruling "records after T": a claim dated after T has not been made at T.</summary>
        public bool Claimed(string family, DateOnly asAt) => Claims[family].Any(d => d <= asAt);

        /// <summary>"Default calendar: autumn = 1 Sep – 31 Dec, spring = 1 Jan – 31 Mar, summer = 1 Apr – 31 Aug."</summary>
        private static List<TermRow> DefaultCalendar()
        {
            var terms = new List<TermRow>();
            for (var y = 1990; y < 2080; y++)
            {
                var year = string.Create(CultureInfo.InvariantCulture, $"{y}/{(y + 1) % 100:00}");
                terms.Add(new TermRow(year, "autumn", new DateOnly(y, 9, 1), new DateOnly(y, 12, 31)));
                terms.Add(new TermRow(year, "spring", new DateOnly(y + 1, 1, 1), new DateOnly(y + 1, 3, 31)));
                terms.Add(new TermRow(year, "summer", new DateOnly(y + 1, 4, 1), new DateOnly(y + 1, 8, 31)));
            }
            return terms;
        }
    }

    /// <summary>One family at T: A, C, the windows, the terms and the members.</summary>
    internal sealed class FamilyContext
    {
        public FamilyContext(Phase3Oracle oracle, World world, FamilyRow row, DateOnly asAt)
        {
            World = world;
            Row = row;
            Id = row.FamilyId;
            A = row.AttachedDate;
            // Ruling "records after T": a closure dated after T has not happened at T.
            C = row.ClosureDate <= asAt ? row.ClosureDate : null;
            T = asAt;
            // "Post-closure window (PC): (C, C + 6 months]"; the claim falls due at its end.
            PostClosureEnd = C?.AddMonths(oracle._postClosureMonths);
            // "Pre-closure month (PM): [C − 1 month, C]."
            PreClosureStart = C?.AddMonths(-oracle._preClosureMonths);
            // "A term is complete at T when its end date ≤ T."
            // "Outcome terms (OT): the 2 most recent complete terms at T whose start date ≥ A."
            var outcome = world.Terms.Where(t => t.EndDate <= T && t.StartDate >= A).OrderByDescending(t => t.StartDate).Take(oracle._outcomeTerms).ToList();
            OutcomeTerms = outcome.Count == oracle._outcomeTerms ? outcome : null;
            // "Baseline terms (BT): the 2 most recent complete terms whose end date ≤ A."
            var baseline = world.Terms.Where(t => t.EndDate <= A).OrderByDescending(t => t.StartDate).Take(oracle._baselineTerms).ToList();
            BaselineTerms = baseline.Count == oracle._baselineTerms ? baseline : null;
            Members = [.. world.Members[Id].Distinct(StringComparer.Ordinal)];
        }

        public World World { get; }
        public FamilyRow Row { get; }
        public string Id { get; }
        public DateOnly A { get; }
        public DateOnly? C { get; }
        public DateOnly T { get; }
        public DateOnly? PostClosureEnd { get; }
        public DateOnly? PreClosureStart { get; }
        /// <summary>The outcome terms, or null while fewer than the required number are complete.</summary>
        public IReadOnlyList<TermRow>? OutcomeTerms { get; }
        /// <summary>The baseline terms, or null when there are not enough of them.</summary>
        public IReadOnlyList<TermRow>? BaselineTerms { get; }
        public IReadOnlyList<string> Members { get; }

        /// <summary>"pending: … C empty or T &lt; C + 6 months for a rule that reads PC or PM."</summary>
        public bool ClosureWindowsFinished => C is not null && T >= PostClosureEnd!.Value;

        /// <summary>In <c>(C, C + 6 months]</c>.</summary>
        public bool InPostClosure(DateOnly d) => d > C!.Value && d <= PostClosureEnd!.Value;

        /// <summary>In <c>[C − 1 month, C]</c>.</summary>
        public bool InPreClosure(DateOnly d) => d >= PreClosureStart!.Value && d <= C!.Value;

        /// <summary>
        /// "Age is taken at A": whole years from the date of birth to A; null when the date of birth is unknown.
        /// Ruling on 29 February: the birthday falls on 1 March in a year that is not a leap year.
        /// </summary>
        public int? AgeAtAttachment(string person)
        {
            if (!World.BirthDates.TryGetValue(person, out var born) || born is not { } dob) return null;
            var age = A.Year - dob.Year;
            var birthday = dob is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(A.Year) ? new DateOnly(A.Year, 3, 1) : new DateOnly(A.Year, dob.Month, dob.Day);
            if (birthday > A) age--;
            return age;
        }

        /// <summary>"Adult = 18 or over."</summary>
        public bool IsAdult(string person) => AgeAtAttachment(person) >= 18;

        /// <summary>"young person = under 18" (children likewise).</summary>
        public bool IsUnder18(string person) => AgeAtAttachment(person) < 18;
    }
}
