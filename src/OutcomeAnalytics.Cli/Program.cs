namespace OutcomeAnalytics.Cli;

internal static class Program
{
    private static int Main(string[] args) => OutcomesCli.Run(args, Console.Out, Console.Error);
}
