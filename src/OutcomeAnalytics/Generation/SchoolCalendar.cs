namespace OutcomeAnalytics.Generation;

/// <summary>The three terms of a school year, with the sessions a full-time pupil could attend.</summary>
/// <param name="AcademicYear">The year the academic year starts in (2023 for 2023/24).</param>
/// <param name="Term">autumn, spring or summer.</param>
/// <param name="Index">The term's position in time (academic year × 3 + 0, 1 or 2), so consecutive terms differ by 1.</param>
/// <param name="Start">The first day.</param>
/// <param name="End">The last day.</param>
/// <param name="PossibleSessions">Two sessions per teaching day.</param>
internal sealed record SchoolTerm(int AcademicYear, string Term, int Index, DateOnly Start, DateOnly End, int PossibleSessions);

/// <summary>
/// A typical English local authority term calendar, computed rather than typed in: autumn from the first
/// weekday on or after 3 September to the last Friday on or before 20 December; spring from the first weekday on
/// or after 4 January to the Thursday before Good Friday (or, when Easter is late, the Friday a week before Good
/// Friday); summer from the first weekday after both the Easter holiday and a 17-day break, to the Friday on or
/// before 22 July. Each term has a one-week half term; summer also loses the early May bank holiday. That gives
/// about 380 to 390 possible sessions a year (training days are taken from the margins of the terms), in line
/// with the 190 school days (380 sessions) schools in England must open for.
/// </summary>
internal sealed class SchoolCalendar
{
    private static readonly string[] Names = ["autumn", "spring", "summer"];
    private readonly SchoolTerm[] _terms;
    private readonly int _firstIndex;

    public SchoolCalendar(int firstAcademicYear, int lastAcademicYear)
    {
        var list = new List<SchoolTerm>();
        for (var y = firstAcademicYear; y <= lastAcademicYear; y++)
        {
            var autumnStart = Weekday(new DateOnly(y, 9, 3), +1);
            var autumnEnd = LastFriday(new DateOnly(y, 12, 20));
            var easter = EasterSunday(y + 1);
            var goodFriday = easter.AddDays(-2);
            var springStart = Weekday(new DateOnly(y + 1, 1, 4), +1);
            var springEnd = goodFriday <= new DateOnly(y + 1, 4, 5) ? goodFriday.AddDays(-1) : goodFriday.AddDays(-7);
            var summerFrom = springEnd.AddDays(17);
            if (easter.AddDays(2) > summerFrom) summerFrom = easter.AddDays(2);
            var summerStart = Weekday(summerFrom, +1);
            var summerEnd = LastFriday(new DateOnly(y + 1, 7, 22));
            var mayDay = FirstMonday(new DateOnly(y + 1, 5, 1));
            list.Add(Make(y, 0, autumnStart, autumnEnd, 0));
            list.Add(Make(y, 1, springStart, springEnd, 0));
            list.Add(Make(y, 2, summerStart, summerEnd, mayDay >= summerStart && mayDay <= summerEnd ? 1 : 0));
        }
        _terms = [.. list];
        _firstIndex = firstAcademicYear * 3;
    }

    private static SchoolTerm Make(int year, int t, DateOnly start, DateOnly end, int bankHolidays) =>
        new(year, Names[t], year * 3 + t, start, end, 2 * (Weekdays(start, end) - 5 - bankHolidays));

    /// <summary>Every term, in order.</summary>
    public IReadOnlyList<SchoolTerm> Terms => _terms;

    /// <summary>The term with this index, or null outside the calendar.</summary>
    public SchoolTerm? ByIndex(int index)
    {
        var i = index - _firstIndex;
        return (uint)i < (uint)_terms.Length ? _terms[i] : null;
    }

    /// <summary>The index of the latest term that ends on or before <paramref name="date"/> (for a baseline).</summary>
    public int LastEndingOnOrBefore(DateOnly date)
    {
        for (var i = _terms.Length - 1; i >= 0; i--)
            if (_terms[i].End <= date) return _terms[i].Index;
        return _firstIndex - 1;
    }

    /// <summary>The index of the first term that starts on or after <paramref name="date"/>.</summary>
    public int FirstStartingOnOrAfter(DateOnly date)
    {
        foreach (var t in _terms)
            if (t.Start >= date) return t.Index;
        return _firstIndex + _terms.Length;
    }

    private static int Weekdays(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        return n;
    }

    private static DateOnly Weekday(DateOnly d, int step)
    {
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(step);
        return d;
    }

    private static DateOnly LastFriday(DateOnly d)
    {
        while (d.DayOfWeek != DayOfWeek.Friday) d = d.AddDays(-1);
        return d;
    }

    private static DateOnly FirstMonday(DateOnly d)
    {
        while (d.DayOfWeek != DayOfWeek.Monday) d = d.AddDays(1);
        return d;
    }

    /// <summary>Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
