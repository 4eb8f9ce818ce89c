using Spectre.Console;

namespace FileShare.Peer.Tui.Terminal;

/// <summary>The full screen the UI draws on.</summary>
internal interface ITerminalScreen
{
    /// <summary>Current size in cells (width, height).</summary>
    (int Width, int Height) Size { get; }

    /// <summary>Switches to the alternate screen and hides the cursor.</summary>
    void Enter();

    /// <summary>Draws one frame of the given size; <paramref name="paint"/> writes it into a console of that size.</summary>
    void Draw(int width, int height, Action<IAnsiConsole> paint);

    /// <summary>Restores the normal screen and the cursor.</summary>
    void Leave();
}
