using System.Diagnostics;
using System.Globalization;

namespace FileShare.IntegrationTests.Tui;

/// <summary>A private tmux server (its own socket) with one detached session of fixed size.</summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _socket = $"fileshare-tui-{Guid.NewGuid():N}";

    public const string Session = "tui";

    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "tmux")));

    /// <summary>Starts <paramref name="shellCommand"/> in a new detached session of the given size (UTF-8 forced).</summary>
    public void Start(string shellCommand, int width, int height) =>
        Run("-u", "new-session", "-d", "-s", Session,
            "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture), shellCommand);

    public void SendText(string text) => Run("send-keys", "-t", Session, "-l", text);

    public void SendKey(string key) => Run("send-keys", "-t", Session, key);

    public void SendLine(string text)
    {
        SendText(text);
        SendKey("Enter");
    }

    public string Capture() => Run("capture-pane", "-p", "-t", Session);

    /// <summary>A tmux format expanded for the pane, e.g. <c>#{alternate_on}</c>.</summary>
    public string Display(string format) => Run("display-message", "-p", "-t", Session, format).Trim();

    public void Resize(int width, int height) =>
        Run("resize-window", "-t", Session, "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ends the session: its terminal hangs up on the processes in it.</summary>
    public void KillSession() => Run("kill-session", "-t", Session);

    /// <summary>Captures the pane until every text shows (tmux offers no signal to wait on), or fails with the last screen.</summary>
    public async Task<string> WaitForAsync(TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = Capture();
            if (texts.All(t => screen.Contains(t, StringComparison.Ordinal)))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for [{string.Join(", ", texts)}]. Screen:\n{screen}");
        return screen;
    }

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "tmux did not answer");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error.Result}");
        }

        return output.Result;
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
