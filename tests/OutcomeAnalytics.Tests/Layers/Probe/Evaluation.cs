namespace OutcomeAnalytics.Tests.Layers.Probe.Evaluation;

/// <summary>A higher layer's type, used the wrong way by <see cref="Model.ProbeRule"/>.</summary>
public static class ProbeCompiler
{
    public static string Name => "probe";
}
