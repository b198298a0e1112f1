using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests;

/// <summary>
/// The suite runs DuckDB on one thread (<see cref="Database.ThreadsVariable"/> = 1, unless already set): xunit runs two
/// test classes at once, and on the tests' small databases DuckDB's workers cost more than they save (an evaluation of
/// the sample: about half the CPU and two thirds of the time on one thread). The processes the tests start inherit it.
/// Tests of what DuckDB does on several threads ask for them (<see cref="OnSeveralThreads"/>).
/// </summary>
internal static class TestThreads
{
#pragma warning disable CA2255 // Must hold before any test opens a database; the test framework's entry point is not this assembly's.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OneThreadUnlessSet()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Database.ThreadsVariable)))
            Environment.SetEnvironmentVariable(Database.ThreadsVariable, "1");
        // The .NET processes the tests start (the tool, the notebook kernel, dotnet pack) live seconds: instrumenting
        // their methods for profile-guided optimization costs more than it gains (the test assembly turns it off in its
        // project file for the same reason).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PgoVariable)))
            Environment.SetEnvironmentVariable(PgoVariable, "0");
    }

    /// <summary>The .NET runtime's setting for profile-guided optimization.</summary>
    private const string PgoVariable = "DOTNET_TieredPGO";

    /// <summary>Runs the database <paramref name="connection"/> is open on with four threads, for a test of parallel work.</summary>
    public static DuckDBConnection OnSeveralThreads(this DuckDBConnection connection)
    {
        connection.Execute("SET threads = 4");
        return connection;
    }
}
