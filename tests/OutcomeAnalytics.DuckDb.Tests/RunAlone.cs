namespace OutcomeAnalytics.DuckDb.Tests;

/// <summary>Tests that measure process memory or load the CPU run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(RunAlone), DisableParallelization = true)]
public sealed class RunAlone;
