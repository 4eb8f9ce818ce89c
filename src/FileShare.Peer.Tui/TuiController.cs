using System.Collections.Concurrent;
using System.Threading.Channels;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Peer;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui;

/// <summary>
/// Connects the view-model to the peer core: key handling, commands in the background (in order, except that
/// each <c>get</c> runs on its own so downloads overlap), the periodic refresh of peers, status and transfers.
/// Background work never touches the view-model directly: it posts changes that the UI loop applies.
/// </summary>
internal sealed partial class TuiController
{
    private readonly TuiViewModel _vm;
    private readonly IPeerFacade _peer;
    private readonly TimeProvider _time;
    private readonly TuiTimings _timings;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Channel<string> _commands = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TransferMeter _meter;
    private readonly Lock _lock = new();
    private readonly List<HashingJob> _hashing = [];
    private readonly List<Task> _background = [];
    private readonly CompletionSources _completionSources;
    private readonly SemaphoreSlim _postedSignal = new(0);
    private CancellationToken _stopping;
    private Task _commandLoop = Task.CompletedTask;
    private long _lastRefresh;
    private bool _refreshing;
    private bool _refreshSoon;
    private bool _lastRequestFailed;
    private bool _quitting;
    private bool _busyAnnounced;

    public TuiController(TuiViewModel viewModel, IPeerFacade peer, TimeProvider time, TuiTimings timings, ILogger<TuiController> logger)
    {
        _vm = viewModel;
        _peer = peer;
        _time = time;
        _timings = timings;
        _logger = logger;
        _meter = new TransferMeter(time);
        _completionSources = new CompletionSources(peer.LocalFiles, () => peer.PublishedNames, () => _vm.SearchResults);
    }

    public TuiViewModel ViewModel => _vm;

    /// <summary>Starts running submitted commands; <paramref name="stopping"/> cancels whatever still runs at exit.</summary>
    public void Start(CancellationToken stopping)
    {
        _stopping = stopping;
        _peer.TrackerBusyRetrying += OnTrackerBusyRetrying;
        _commandLoop = Task.Run(() => RunCommandsAsync(stopping), CancellationToken.None);
        Tick();
    }

    /// <summary>Applies one key to the view-model.</summary>
    public void HandleKey(ConsoleKeyInfo key)
    {
        var editor = _vm.Editor;
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        if (key.Key != ConsoleKey.Tab)
        {
            _vm.CompletionCandidates = [];
        }

        if ((control && key.Key == ConsoleKey.C) || key.KeyChar == '\u0003')
        {
            RequestQuit();
            return;
        }

        if ((control && key.Key == ConsoleKey.U) || key.KeyChar == '\u0015')
        {
            editor.DeleteToStart();
            return;
        }

        if ((control && key.Key == ConsoleKey.W) || key.KeyChar == '\u0017')
        {
            editor.DeleteWordBefore();
            return;
        }

        if ((control && key.Key == ConsoleKey.A) || key.KeyChar == '\u0001')
        {
            editor.Home();
            return;
        }

        if ((control && key.Key == ConsoleKey.E) || key.KeyChar == '\u0005')
        {
            editor.End();
            return;
        }

        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = editor.Text;
                editor.Clear();
                Submit(line);
                return;
            case ConsoleKey.LeftArrow:
                editor.Left();
                return;
            case ConsoleKey.RightArrow:
                editor.Right();
                return;
            case ConsoleKey.Home:
                editor.Home();
                return;
            case ConsoleKey.End:
                editor.End();
                return;
            case ConsoleKey.Backspace:
                editor.Backspace();
                return;
            case ConsoleKey.Delete:
                editor.Delete();
                return;
            case ConsoleKey.UpArrow:
                if (_vm.History.Previous(editor.Text) is { } older)
                {
                    editor.SetText(older);
                }

                return;
            case ConsoleKey.DownArrow:
                if (_vm.History.Next() is { } newer)
                {
                    editor.SetText(newer);
                }

                return;
            case ConsoleKey.Tab:
                var completion = Completer.Complete(editor.Text, editor.Cursor, _completionSources);
                editor.SetText(completion.Text, completion.Cursor);
                _vm.CompletionCandidates = completion.Candidates;
                return;
            case ConsoleKey.PageUp:
                _vm.PageUp();
                return;
            case ConsoleKey.PageDown:
                _vm.PageDown();
                return;
            case ConsoleKey.F1:
                Submit("help");
                return;
            case ConsoleKey.Escape:
                editor.Clear();
                return;
        }

        if (key.KeyChar >= ' ' && !char.IsControl(key.KeyChar))
        {
            editor.Insert(key.KeyChar.ToString());
        }
    }

    /// <summary>Queues a command line; <c>auth</c> lines never enter the history.</summary>
    public void Submit(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        _vm.History.Add(CommandWord(trimmed) == "auth" ? "" : trimmed);
        _vm.ScrollOffset = 0;
        if (trimmed.Length == 0)
        {
            return;
        }

        _vm.Running.Add(CommandProcessor.MaskSecrets(trimmed));
        _commands.Writer.TryWrite(trimmed);
    }

    /// <summary>Re-reads status, publications and transfers, and starts the peer refresh when it is due.</summary>
    public void Tick()
    {
        var status = _peer.Status();
        _vm.Status = status;
        _vm.Connection = ConnectionStateRule.Derive(status, _lastRequestFailed, _timings.PeerRefresh);
        _vm.MyPublications = _peer.PublishedNames;
        List<HashingJob> hashing;
        lock (_lock)
        {
            hashing = _hashing.Where(h => h.Done > 0).ToList();
        }

        _vm.Transfers = _meter.Measure(_peer.Transfers(), hashing);
        if (!_peer.IsLoggedIn)
        {
            _vm.ActivePeers = null;
            return;
        }

        var now = _time.GetTimestamp();
        if (!_refreshing && (_refreshSoon || _lastRefresh == 0 || _time.GetElapsedTime(_lastRefresh, now) >= _timings.PeerRefresh))
        {
            _refreshing = true;
            _refreshSoon = false;
            _lastRefresh = now;
            Track(Task.Run(RefreshPeersAsync, CancellationToken.None));
        }
    }

    /// <summary>Applies what background work posted; true when anything changed.</summary>
    public bool PumpPending()
    {
        var any = false;
        while (_posted.TryDequeue(out var action))
        {
            action();
            any = true;
        }

        return any;
    }

    /// <summary>Ctrl+C or a signal: send <c>xit</c> (bounded in time), then close. A second request closes at once.</summary>
    public void RequestQuit()
    {
        if (_quitting)
        {
            _vm.ExitRequested = true;
            return;
        }

        _quitting = true;
        _vm.Running.Add("xit");
        Track(Task.Run(async () =>
        {
            CommandResult result;
            using var timeout = new CancellationTokenSource(_timings.QuitTimeout, _time);
            try
            {
                result = await _peer.ExecuteAsync("xit", null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogQuitIncomplete(ex.Message);
                result = new CommandResult([new OutputLine("Goodbye!")], Exit: true);
            }

            Post(() =>
            {
                _vm.Running.Remove("xit");
                _vm.AppendResult("xit", result.Lines);
                _vm.ExitRequested = true;
            });
        }, CancellationToken.None));
    }

    /// <summary>Stops taking commands and waits up to <paramref name="grace"/> for running ones to end.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _commands.Writer.TryComplete();
        _peer.TrackerBusyRetrying -= OnTrackerBusyRetrying;
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _background, _commandLoop];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(grace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogStopTimedOut();
        }
        catch (Exception ex)
        {
            LogBackgroundFailed(ex.Message);
        }
    }

    private async Task RunCommandsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in _commands.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (CommandWord(line) == "get")
                {
                    // Downloads overlap: the queue moves on at once.
                    Track(Task.Run(() => RunOneAsync(line, cancellationToken), CancellationToken.None));
                }
                else
                {
                    await RunOneAsync(line, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private async Task RunOneAsync(string line, CancellationToken cancellationToken)
    {
        var masked = CommandProcessor.MaskSecrets(line);
        HashingJob? job = null;
        if (CommandWord(line) == "pub" && _peer.LocalFileSize(Argument(line)) is { } size)
        {
            job = new HashingJob(Argument(line), size, _time.GetTimestamp());
            lock (_lock)
            {
                _hashing.Add(job);
            }
        }

        CommandResult result;
        try
        {
            result = await _peer.ExecuteAsync(line, job, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = CommandResult.Error("Cancelled");
        }
        catch (Exception ex)
        {
            LogCommandFailed(masked, ex);
            result = CommandResult.Error($"Internal error: {ex.Message}");
        }
        finally
        {
            if (job is not null)
            {
                lock (_lock)
                {
                    _hashing.Remove(job);
                }
            }
        }

        Post(() => Apply(line, masked, result));
    }

    private void Apply(string line, string masked, CommandResult result)
    {
        _vm.Running.Remove(masked);
        _vm.AppendResult(masked, result.Lines);
        if (_vm.Running.Count == 0)
        {
            _busyAnnounced = false; // commands typed from now on announce a Busy tracker again
        }

        var failed = result.Lines.Any(l => l.Kind == OutputKind.Error);
        if (result.Lines.Any(l => l.Kind == OutputKind.Error && l.Text == CommandProcessor.TrackerNotResponding))
        {
            _lastRequestFailed = true;
        }
        else if (!failed)
        {
            _lastRequestFailed = false;
        }

        switch (CommandWord(line))
        {
            case "sch" when !failed:
                _vm.SearchQuery = Argument(line);
                _vm.SearchResults = NamesOf(result);
                break;
            case "lap" when !failed:
                _vm.ActivePeers = NamesOf(result);
                break;
            case "auth" when !failed:
                _refreshSoon = true;
                break;
        }

        _vm.MyPublications = _peer.PublishedNames;
        if (result.Exit)
        {
            _vm.ExitRequested = true;
        }
    }

    private async Task RefreshPeersAsync()
    {
        try
        {
            var peers = await _peer.ListActivePeersAsync(_stopping).ConfigureAwait(false);
            Post(() =>
            {
                _vm.ActivePeers = peers.Order(StringComparer.Ordinal).ToList();
                _lastRequestFailed = false;
                _refreshing = false;
            });
        }
        catch (TrackerUnavailableException)
        {
            Post(() =>
            {
                _lastRequestFailed = true;
                _refreshing = false;
            });
        }
        catch (Exception ex)
        {
            // Logged out meanwhile, a tracker error, or closing: try again at the next tick.
            LogRefreshFailed(ex.Message);
            Post(() => _refreshing = false);
        }
    }

    // Raised on a request's thread: the UI loop shows it once while commands run (not for the background refresh).
    private void OnTrackerBusyRetrying(TrackerBusyNotice notice) => Post(() =>
    {
        if (_busyAnnounced || _vm.Running.Count == 0)
        {
            return;
        }

        _busyAnnounced = true;
        _vm.Append(new OutputEntry(CommandProcessor.TrackerBusyRetrying));
    });

    /// <summary>Waits until background work posted a change (for tests and idle loops); false on timeout.</summary>
    public Task<bool> WaitForPostedAsync(TimeSpan timeout) => _postedSignal.WaitAsync(timeout);

    private void Post(Action action)
    {
        _posted.Enqueue(action);
        _postedSignal.Release();
    }

    private void Track(Task task)
    {
        lock (_lock)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private static IReadOnlyList<string> NamesOf(CommandResult result) =>
        result.Lines.Count <= 1 ? [] : result.Lines.Skip(1).Select(l => l.Text).ToList();

    private static string CommandWord(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? line : line[..space];
    }

    private static string Argument(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var rest = space < 0 ? "" : line[(space + 1)..].Trim();
        return rest.Length >= 2 && rest[0] == '"' && rest[^1] == '"' ? rest[1..^1] : rest;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Command '{Line}' failed unexpectedly")]
    private partial void LogCommandFailed(string line, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Active peers refresh failed: {Reason}")]
    private partial void LogRefreshFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the tracker did not complete: {Reason}")]
    private partial void LogQuitIncomplete(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commands still running at exit were abandoned")]
    private partial void LogStopTimedOut();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background work failed at exit: {Reason}")]
    private partial void LogBackgroundFailed(string reason);
}
