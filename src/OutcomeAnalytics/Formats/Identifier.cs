using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OutcomeAnalytics.Formats;

/// <summary>
/// The one rule for a name the toolkit writes into SQL or JSON as it is (table, column, argument, detail key, segment):
/// lower-case ASCII letters, digits and <c>_</c>, starting with a letter. Such a name needs no quoting and cannot
/// carry SQL, so only names that pass it are ever written into a statement; values are bound as parameters.
/// </summary>
internal static partial class Identifier
{
    /// <summary>True when <paramref name="name"/> is a valid identifier.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary><paramref name="name"/> itself when it is valid; otherwise an <see cref="ArgumentException"/> saying it is not a <paramref name="what"/>.</summary>
    public static string Checked(string name, string what) =>
        IsValid(name) ? name : throw new ArgumentException($"'{name}' is not {what}.", nameof(name));

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
