using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace FileShare.Peer.Tui.Views;

/// <summary>The main window's keys, mouse, dialogs and quitting.</summary>
internal sealed partial class PeerWindow
{
    private const string CtrlCAgain = "Press Ctrl+C again to quit (or Ctrl+Q).";
    private long _lastCtrlC;
    private bool _quitting;

    /// <summary>Ctrl+Q, xit-like: leaves the tracker (bounded in time), then closes. A second request closes at once.</summary>
    public void Quit()
    {
        if (_quitting)
        {
            _vm.ExitRequested = true;
            StopRunning();
            return;
        }

        _quitting = true;
        _controller.RequestQuit();
        Refresh();
    }

    /// <summary>
    /// Ctrl+C: quits when pressed twice within a moment; while transfers run it asks first, because quitting
    /// cuts them.
    /// </summary>
    public void CtrlC()
    {
        if (_quitting)
        {
            Quit();
            return;
        }

        var running = _vm.RunningTransfers;
        if (running > 0)
        {
            var answer = MessageBox.Query(
                _app,
                "Quit",
                string.Create(CultureInfo.InvariantCulture, $"{running} transfer(s) running. Quitting cuts them (partial downloads resume later)."),
                "_Quit",
                "_Stay");
            Command.SetFocus();
            if (answer == 0)
            {
                Quit();
            }

            return;
        }

        var now = _time.GetTimestamp();
        if (_lastCtrlC != 0 && _time.GetElapsedTime(_lastCtrlC, now) <= _timings.CtrlCWindow)
        {
            Quit();
            return;
        }

        _lastCtrlC = now;
        _notice = CtrlCAgain;
        UpdateHint();
    }

    /// <summary>SIGINT or SIGTERM (from any thread): quit as Ctrl+Q does, so the terminal is restored.</summary>
    public void QuitFromSignal() => Post(Quit);

    /// <summary>Closes the window at once, without telling the tracker (the peer could not start).</summary>
    public void Close()
    {
        _vm.ExitRequested = true;
        StopRunning();
    }

    /// <summary>Runs <paramref name="action"/> on the UI thread (from any thread); nothing once the UI has shut down.</summary>
    public void Post(Action action)
    {
        try
        {
            _app.Invoke(action);
        }
        catch (NotInitializedException)
        {
            // Already shut down.
        }
    }

    public void ShowHelp()
    {
        Dialogs.ShowHelp(_app);
        Command.SetFocus();
    }

    public void FocusResults()
    {
        if (_results.Count == 0)
        {
            _notice = "No search results yet: sch <text> searches.";
            UpdateHint();
            return;
        }

        _notice = "Up/Down choose a file, Enter downloads it, Esc goes back to the command box.";
        Results.SetFocus();
        UpdateHint();
    }

    public void FocusTransfers()
    {
        _notice = "Up/Down choose a transfer, Delete cancels it, Esc goes back to the command box.";
        Transfers.SetFocus();
        UpdateHint();
    }

    private void OnAppKeyDown(object? sender, Key key)
    {
        if (_app.TopRunnableView != this)
        {
            return;
        }

        if (key == Key.C.WithCtrl)
        {
            key.Handled = true;
            CtrlC();
            return;
        }

        if (key == Key.Q.WithCtrl)
        {
            key.Handled = true;
            Quit();
            return;
        }

        if (key == Key.Esc)
        {
            // Never the application's quit key here: Esc clears the line or goes back to the command box.
            key.Handled = true;
            _notice = null;
            _candidates = [];
            if (Command.HasFocus)
            {
                Command.SetLine("", 0);
            }
            else
            {
                Command.SetFocus();
            }

            UpdateHint();
            return;
        }

        if (key == Key.F1)
        {
            key.Handled = true;
            ShowHelp();
            return;
        }

        if (key == Key.F2 || key == Key.F3)
        {
            key.Handled = true;
            if (key == Key.F2)
            {
                FocusResults();
            }
            else
            {
                FocusTransfers();
            }

            return;
        }

        // Typing while a list has the focus goes to the command box.
        if (!Command.HasFocus && key.AsRune.Value >= ' ' && !key.IsCtrl && !key.IsAlt)
        {
            _notice = null;
            Command.SetFocus();
        }
    }

    private void OnAppMouse(object? sender, Terminal.Gui.Input.Mouse mouse)
    {
        if (_app.TopRunnableView != this || Results.HasFocus || Transfers.HasFocus || Command.HasFocus)
        {
            return;
        }

        // A click elsewhere took the focus: give it back to the command box once the click is handled.
        try
        {
            _app.Invoke(() =>
            {
                if (!Results.HasFocus && !Transfers.HasFocus)
                {
                    Command.SetFocus();
                }
            });
        }
        catch (NotInitializedException)
        {
            // Shutting down.
        }
    }

    private void OnResultsKeyDown(object? sender, Key key)
    {
        if (key == Key.Enter)
        {
            key.Handled = true;
            GetSelectedResult();
        }
    }

    /// <summary>Runs <c>get</c> on the search result selected in the list.</summary>
    private void GetSelectedResult()
    {
        if (Results.SelectedItem is not { } index || index < 0 || index >= _results.Count)
        {
            return;
        }

        var name = _results[index];
        Command.SetFocus();
        Submit($"get {name}");
    }

    private void CancelTransfer(TransferRow row)
    {
        _notice = _controller.CancelTransfer(row)
            ? $"Cancelling {row.FileName}."
            : row.Kind == TransferRowKind.Upload
                ? "An upload ends when the downloading peer stops; it cannot be cancelled here."
                : $"{row.FileName} is not running.";
        UpdateHint();
    }

    private void PickFileToPublish()
    {
        var files = _controller.LocalFiles();
        if (files.Count == 0)
        {
            _notice = "The share folder has no files to publish.";
            UpdateHint();
            return;
        }

        var chosen = Dialogs.PickFile(_app, files);
        Command.SetFocus();
        if (chosen is not null)
        {
            Submit($"pub {chosen}");
        }
    }
}
