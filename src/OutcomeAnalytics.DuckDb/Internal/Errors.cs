namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Builds <see cref="DuckDbException"/>s from DuckDB results and messages.</summary>
internal static unsafe class Errors
{
    // duckdb_error_type, in ABI order (DUCKDB_ERROR_INVALID = 0 ... DUCKDB_INVALID_CONFIGURATION = 42).
    private static readonly string[] ErrorTypeNames =
    [
        "Invalid", "OutOfRange", "Conversion", "UnknownType", "Decimal", "MismatchType", "DivideByZero", "ObjectSize",
        "InvalidType", "Serialization", "Transaction", "NotImplemented", "Expression", "Catalog", "Parser", "Planner",
        "Scheduler", "Executor", "Constraint", "Index", "Stat", "Connection", "Syntax", "Settings", "Binder", "Network",
        "Optimizer", "NullPointer", "IO", "Interrupt", "Fatal", "Internal", "InvalidInput", "OutOfMemory", "Permission",
        "ParameterNotResolved", "ParameterNotAllowed", "Dependency", "HTTP", "MissingExtension", "Autoload", "Sequence",
        "InvalidConfiguration",
    ];

    /// <summary>The error of a failed <c>duckdb_query</c> / <c>duckdb_execute_prepared</c>.</summary>
    internal static DuckDbException FromResult(NativeResult* result, string? sql)
    {
        string message = Native.ReadString(Native.duckdb_result_error(result)) ?? "DuckDB reported an error without a message.";
        int code = Native.duckdb_result_error_type(result);
        string? errorType = code > 0 && code < ErrorTypeNames.Length ? ErrorTypeNames[code] : TypeFromMessage(message);
        return new DuckDbException(message, errorType, sql);
    }

    /// <summary>An error known only by its text (prepare and bind errors).</summary>
    internal static DuckDbException FromMessage(string message, string? sql) => new(message, TypeFromMessage(message), sql);

    /// <summary>"Parser Error: ..." → "Parser"; "Invalid Input Error: ..." → "InvalidInput"; "INTERRUPT Error: ..." → "Interrupt".</summary>
    internal static string? TypeFromMessage(string message)
    {
        int end = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (end <= 0 || end > 40)
        {
            return null;
        }

        var name = new System.Text.StringBuilder();
        foreach (string word in message[..end].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.All(char.IsLetter))
            {
                return null;
            }

            bool allUpper = word.All(char.IsUpper);
            name.Append(char.ToUpperInvariant(word[0]));
            name.Append(allUpper && word.Length > 2 ? word[1..].ToLowerInvariant() : word[1..]);
        }

        return name.Length == 0 ? null : name.ToString();
    }
}
