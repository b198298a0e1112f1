namespace OutcomeAnalytics.Cli;

/// <summary>The exit codes of every <c>outcomes</c> command (also listed in the README).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>Input was rejected (rows or files) or a check failed.</summary>
    public const int Rejected = 1;
    /// <summary>Bad usage (unknown option, missing argument) or a fatal error.</summary>
    public const int UsageOrFatal = 2;
}
