using System.Data.Common;
using System.Text.RegularExpressions;

namespace OutcomeAnalytics.Cli;

/// <summary>
/// Writing the files a command is asked for, and one sentence, naming the file and what to do, for a write the file
/// system refuses (no space, a file size limit, no permission, no folder).
/// </summary>
internal static partial class OutputFiles
{
    /// <summary>
    /// Runs <paramref name="write"/> on <paramref name="path"/>; a refused write becomes an <see cref="IOException"/>
    /// whose message ends with <paramref name="consequence"/>. A file left part-written for want of space is removed.
    /// </summary>
    public static void Write(string path, Action<string> write, string consequence = "")
    {
        try
        {
            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            var (reason, remedy, partial) = e switch
            {
                UnauthorizedAccessException => ("permission denied", "make its folder writable or give another path", false),
                DirectoryNotFoundException => ("its folder does not exist, or part of its path is a file", "create the folder or give another path", false),
                ArgumentOutOfRangeException => ("the file would be larger than the file system allows", "free some space or give another path", true),
                _ => (Lower(e.Message.Split(" : '")[0].TrimEnd('.')), "free some space on its disk or give another path", true),
            };
            if (partial)
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            throw new IOException($"Cannot write '{path}' ({reason}); {remedy}{consequence}.", e);
        }
    }

    /// <summary>The words for a database write DuckDB could not make (no space, a file size limit), or null for any other error.</summary>
    public static string? ExplainDatabaseWrite(DbException e)
    {
        var match = DuckDbWriteFailure().Match(e.Message);
        return match.Success
            ? $"Cannot write '{match.Groups[1].Value}' ({Lower(match.Groups[2].Value.Trim().TrimEnd('.'))}); free some space on its disk or give another --db; nothing was changed in the database."
            : null;
    }

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    [GeneratedRegex("""Could not (?:write|truncate|fsync|extend) file "([^"]+)": ([^\n]+)""")]
    private static partial Regex DuckDbWriteFailure();
}
