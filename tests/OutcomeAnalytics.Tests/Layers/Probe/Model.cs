namespace OutcomeAnalytics.Tests.Layers.Probe.Model;

/// <summary>A lower layer's type that uses a higher layer's type through its full name (what the layer rule must catch).</summary>
public static class ProbeRule
{
    public static string CompiledBy() => OutcomeAnalytics.Tests.Layers.Probe.Evaluation.ProbeCompiler.Name;
}
