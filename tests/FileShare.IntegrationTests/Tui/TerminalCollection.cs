namespace FileShare.IntegrationTests.Tui;

/// <summary>
/// Runs the tmux tests alone, after the parallel ones: they wait for what a real terminal shows, and on 2 vCPUs
/// shared with a dozen tracker and peer processes a redraw could come later than their patience.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TerminalCollection
{
    public const string Name = "Terminal UI in tmux (runs alone)";
}
