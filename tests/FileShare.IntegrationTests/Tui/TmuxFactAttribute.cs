namespace FileShare.IntegrationTests.Tui;

/// <summary>A fact that reports skipped when tmux is not installed.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!Tmux.IsInstalled())
        {
            Skip = "tmux is not installed";
        }
    }
}
