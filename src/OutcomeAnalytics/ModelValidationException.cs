namespace OutcomeAnalytics;

/// <summary>One problem found in a model or dictionary file.</summary>
/// <param name="File">The file the problem is in.</param>
/// <param name="Element">The element (table, column, need, parameter) it concerns.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ModelProblem(string File, string Element, string Message)
{
    /// <summary>The line the element starts on (from 1), where the reader knows it.</summary>
    public int? Line { get; init; }

    /// <summary>The column the element starts at (from 1), where the reader knows it.</summary>
    public int? Column { get; init; }

    /// <inheritdoc />
    public override string ToString() => Line is { } line
        ? $"{File} line {line}, column {Column}: {Element}: {Message}"
        : $"{File}: {Element}: {Message}";
}

/// <summary>A model or dictionary that cannot be used, with every problem found.</summary>
public sealed class ModelValidationException : Exception
{
    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<ModelProblem> Problems { get; }

    /// <summary>Creates the exception for a named model.</summary>
    public ModelValidationException(string what, IReadOnlyList<ModelProblem> problems)
        : base($"The {what} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
        => Problems = problems;
}
