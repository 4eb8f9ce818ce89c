using System.Collections.ObjectModel;
using System.Globalization;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Rendering;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace FileShare.Peer.Tui.Views;

/// <summary>
/// The main window: status line, output, active peers and search results, transfers, the hint, the command
/// box and a status bar of keys. It shows the view-model: after each change background work posts (through
/// <see cref="IApplication.Invoke(Action)"/>) and on each tick.
/// </summary>
internal sealed partial class PeerWindow : Window
{
    private readonly IApplication _app;
    private readonly TuiController _controller;
    private readonly TuiViewModel _vm;
    private readonly TimeProvider _time;
    private readonly TuiTimings _timings;
    private readonly Label _status;
    private readonly FrameView _outputFrame;
    private readonly View _side;
    private readonly FrameView _peersFrame;
    private readonly Label _peers;
    private readonly FrameView _resultsFrame;
    private readonly FrameView _transfersFrame;
    private readonly Label _hint;
    private readonly FrameView _commandFrame;
    private readonly ObservableCollection<string> _results = [];
    private IReadOnlyList<string> _shownResults = [];
    private IReadOnlyList<string> _candidates = [];
    private string? _notice;
    private object? _timer;
    private int _wakeScheduled;

    public PeerWindow(IApplication app, TuiController controller, TimeProvider time, TuiTimings timings)
    {
        _app = app;
        _controller = controller;
        _vm = controller.ViewModel;
        _time = time;
        _timings = timings;
        Title = StatusLine.ProductName;
        BorderStyle = LineStyle.None;

        _status = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Func(_ => _status!.Text.Contains('\n', StringComparison.Ordinal) ? 2 : 1) }.NoHotKeys();
        _status.SetScheme(new Scheme(new Attribute(ColorName16.White, ColorName16.Blue)));

        Bar = new StatusBar(
        [
            new Shortcut(Key.F1, "Help", ShowHelp, ""),
            new Shortcut(Key.F2, "Results", FocusResults, ""),
            new Shortcut(Key.F3, "Transfers", FocusTransfers, ""),
            new Shortcut(Key.Q.WithCtrl, "Quit", Quit, ""),
        ]);

        _commandFrame = new FrameView { Title = "Command", X = 0, Y = Pos.AnchorEnd(4), Width = Dim.Fill(), Height = 3 };
        Command = new CommandField(_vm.History, controller.CompletionSources) { X = 0, Y = 0, Width = Dim.Fill() };
        _commandFrame.Add(Command);

        _hint = new Label { X = 1, Y = Pos.AnchorEnd(5), Width = Dim.Fill(1), Height = 1, Text = HintBuilder.Idle }.NoHotKeys();

        _transfersFrame = new FrameView
        {
            Title = "Transfers",
            X = 0,
            Y = Pos.Func(_ => Viewport.Height - 5 - TransfersHeight()),
            Width = Dim.Fill(),
            Height = Dim.Func(_ => TransfersHeight()),
        }.NoHotKeys();
        Transfers = new TransfersView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        _transfersFrame.Add(Transfers);

        _side = new View
        {
            X = Pos.AnchorEnd(),
            Y = Pos.Bottom(_status),
            Width = Dim.Func(_ => SideWidth()),
            Height = Dim.Fill(to: _transfersFrame),
            CanFocus = true,
        };
        _peersFrame = new FrameView { Title = "Active peers", X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Percent(45) }.NoHotKeys();
        _peers = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), Text = "log in to see peers" }.NoHotKeys();
        _peersFrame.Add(_peers);
        _resultsFrame = new FrameView { Title = "Search results", X = 0, Y = Pos.Bottom(_peersFrame), Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true }.NoHotKeys();
        Results = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        Results.SetSource(_results);
        _resultsFrame.Add(Results);
        _side.Add(_peersFrame, _resultsFrame);

        _outputFrame = new FrameView { Title = "Output", X = 0, Y = Pos.Bottom(_status), Width = Dim.Fill(to: _side), Height = Dim.Fill(to: _transfersFrame) };
        Output = new OutputView(_vm) { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        _outputFrame.Add(Output);

        Add(_status, _outputFrame, _side, _transfersFrame, _hint, _commandFrame, Bar);

        Command.Submitted += (_, line) => Submit(line);
        Command.PageRequested += (_, direction) => Output.Page(direction);
        Command.CandidatesChanged += (_, candidates) =>
        {
            _candidates = candidates;
            UpdateHint();
        };
        Command.TextChanged += (_, _) => UpdateHint();
        Results.KeyDown += OnResultsKeyDown;
        Results.Accepting += (_, args) =>
        {
            GetSelectedResult();
            args.Handled = true;
        };
        Transfers.CancelRequested += (_, row) => CancelTransfer(row);

        _app.Keyboard.KeyDown += OnAppKeyDown;
        _app.Mouse.MouseEvent += OnAppMouse;
        Initialized += (_, _) => Start();
        FrameChanged += (_, _) => Refresh();
        Refresh();
    }

    public CommandField Command { get; }

    public OutputView Output { get; }

    public ListView Results { get; }

    public TransfersView Transfers { get; }

    public StatusBar Bar { get; }

    public string StatusText => _status.Text;

    public string HintText => _hint.Text;

    public string PeersText => _peers.Text;

    public string ResultsTitle => _resultsFrame.Title;

    public string TransfersTitle => _transfersFrame.Title;

    /// <summary>Runs a command line as Enter does; a bare <c>pub</c> opens the file picker.</summary>
    public void Submit(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        _notice = null;
        if (raw.Trim() == "pub")
        {
            PickFileToPublish();
            return;
        }

        Output.FollowNewest();
        _controller.Submit(raw);
        Refresh();
    }

    /// <summary>Applies what background work posted, and shows it (on the UI thread).</summary>
    public void Pump()
    {
        Interlocked.Exchange(ref _wakeScheduled, 0);
        if (_controller.PumpPending())
        {
            Refresh();
        }

        if (_vm.ExitRequested)
        {
            StopRunning();
        }
    }

    /// <summary>Copies the view-model into the views; a view is only touched when its text changed.</summary>
    public void Refresh()
    {
        var width = Math.Max(1, Viewport.Width);
        Set(_status, StatusLine.Format(_vm, width));
        Output.Refresh();

        var peers = _vm.ActivePeers;
        var peersTitle = peers is null ? "Active peers" : string.Create(CultureInfo.InvariantCulture, $"Active peers ({peers.Count})");
        if (_peersFrame.Title != peersTitle)
        {
            _peersFrame.Title = peersTitle;
        }

        Set(_peers, peers switch
        {
            null => "log in to see peers",
            [] => "no other peer is active",
            _ => string.Join('\n', peers.Select(p => p.Address is null ? p.UserName : $"{p.UserName}  {p.Address}")),
        });

        if (!ReferenceEquals(_shownResults, _vm.SearchResults))
        {
            _shownResults = _vm.SearchResults;
            _results.Clear();
            foreach (var name in _shownResults)
            {
                _results.Add(name);
            }

            if (_results.Count > 0)
            {
                Results.SelectedItem = 0;
            }
        }

        var resultsTitle = _vm.SearchQuery is { } query
            ? string.Create(CultureInfo.InvariantCulture, $"Search '{query}' ({_vm.SearchResults.Count})")
            : "Search results";
        if (_resultsFrame.Title != resultsTitle)
        {
            _resultsFrame.Title = resultsTitle;
        }

        var running = _vm.RunningTransfers;
        var finished = _vm.Transfers.Count(t => !t.Running);
        var transfersTitle = string.Create(CultureInfo.InvariantCulture, $"Transfers ({running} running, {finished} finished)");
        if (_transfersFrame.Title != transfersTitle)
        {
            _transfersFrame.Title = transfersTitle;
            SetNeedsLayout();
        }

        Transfers.Show(_vm.Transfers);
        UpdateHint();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Keyboard.KeyDown -= OnAppKeyDown;
            _app.Mouse.MouseEvent -= OnAppMouse;
            _controller.Wake = null;
        }

        base.Dispose(disposing);
    }

    private void Start()
    {
        _controller.Wake = Wake;
        _timer = _app.AddTimeout(_timings.Tick, () =>
        {
            _controller.Tick();
            Pump();
            Refresh();
            return true;
        });
        Command.SetFocus();
    }

    // Any thread: schedules one Pump on the UI thread, however many posts arrive before it runs.
    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakeScheduled, 1) == 1)
        {
            return;
        }

        try
        {
            _app.Invoke(Pump);
        }
        catch (NotInitializedException)
        {
            // The application has shut down; nothing left to show.
        }
    }

    private void StopRunning()
    {
        if (_timer is not null)
        {
            _app.RemoveTimeout(_timer);
            _timer = null;
        }

        _app.RequestStop(this);
    }

    private void UpdateHint() =>
        Set(_hint, _notice ?? (_candidates.Count > 0 ? $"Matches: {string.Join("  ", _candidates)}" : HintBuilder.For(Secrets.Mask(Command.Text))));

    private int TransfersHeight()
    {
        var capacity = Viewport.Height >= 40 ? 8 : Viewport.Height >= 30 ? 5 : 3;
        return Math.Clamp(_vm.Transfers.Count, 1, capacity) + 2;
    }

    private int SideWidth() => Viewport.Width >= 140 ? 44 : Viewport.Width >= 100 ? 34 : Viewport.Width >= 70 ? 28 : 0;

    private static void Set(Label label, string text)
    {
        if (label.Text != text)
        {
            label.Text = text;
        }
    }
}
