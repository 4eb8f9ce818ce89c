using System.Text;
using Spectre.Console;

namespace FileShare.Peer.Tui.Terminal;

/// <summary>
/// The real terminal. Each frame is rendered into memory first and written in one go, every row placed with
/// an explicit cursor move and no trailing newline, so the last row never scrolls the screen.
/// </summary>
internal sealed class ConsoleTerminalScreen : ITerminalScreen
{
    private const string Escape = "\u001b[";
    private readonly TextWriter _out;
    private bool _entered;

    public ConsoleTerminalScreen(TextWriter output) => _out = output;

    public (int Width, int Height) Size
    {
        get
        {
            try
            {
                var width = Console.WindowWidth;
                var height = Console.WindowHeight;
                return width > 0 && height > 0 ? (width, height) : (80, 24);
            }
            catch (IOException)
            {
                return (80, 24);
            }
        }
    }

    public void Enter()
    {
        Console.TreatControlCAsInput = true;
        _out.Write($"{Escape}?1049h{Escape}?25l{Escape}2J{Escape}H");
        _out.Flush();
        _entered = true;
    }

    public void Draw(int width, int height, Action<IAnsiConsole> paint)
    {
        ArgumentNullException.ThrowIfNull(paint);
        using var buffer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(buffer),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage;
        paint(console);

        var lines = buffer.ToString().Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var frame = new StringBuilder(buffer.GetStringBuilder().Length + (height * 16));
        for (var row = 0; row < height; row++)
        {
            frame.Append(Escape).Append(row + 1).Append(";1H");
            if (row < lines.Length)
            {
                frame.Append(lines[row]);
            }
            else
            {
                frame.Append(Escape).Append("2K");
            }
        }

        frame.Append(Escape).Append("0m");
        _out.Write(frame.ToString());
        _out.Flush();
    }

    public void Leave()
    {
        if (!_entered)
        {
            return;
        }

        _entered = false;
        _out.Write($"{Escape}0m{Escape}?25h{Escape}?1049l");
        _out.Flush();
        try
        {
            Console.TreatControlCAsInput = false;
        }
        catch (IOException)
        {
            // The terminal is gone; nothing to restore.
        }
    }
}
