using Spectre.Console;

namespace FileShare.Peer.Tui.Tests;

/// <summary>Renders into an in-memory console without colours and returns the screen as lines of text.</summary>
internal static class ScreenText
{
    public static IAnsiConsole Console(StringWriter writer, int width, int height)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = true;
        return console;
    }

    public static string[] Render(TuiViewModel viewModel, int width, int height)
    {
        using var writer = new StringWriter();
        new Rendering.TuiRenderer().Render(viewModel, Console(writer, width, height));
        return writer.ToString().Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
    }
}
