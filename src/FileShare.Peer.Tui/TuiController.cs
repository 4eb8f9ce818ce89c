using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Peer;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui;

/// <summary>
/// Connects the view-model to the peer core: commands in the background (in order, except that
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
    private readonly HistoryFile? _historyFile;
    private readonly Dictionary<string, CancellationTokenSource> _cancellable = new(StringComparer.Ordinal);
    private readonly HashSet<int> _cancelledIds = [];
    private readonly SemaphoreSlim _postedSignal = new(0);
    private CancellationToken _stopping;
    private Task _commandLoop = Task.CompletedTask;
    private long _lastRefresh;
    private bool _refreshing;
    private bool _refreshSoon;
    private bool _lastRequestFailed;
    private bool _quitting;
    private bool _busyAnnounced;

    public TuiController(
        TuiViewModel viewModel,
        IPeerFacade peer,
        TimeProvider time,
        TuiTimings timings,
        ILogger<TuiController> logger,
        HistoryFile? historyFile = null)
    {
        _vm = viewModel;
        _peer = peer;
        _time = time;
        _timings = timings;
        _logger = logger;
        _historyFile = historyFile;
        _meter = new TransferMeter(time);
        CompletionSources = new CompletionSources(peer.LocalFiles, () => peer.PublishedNames, () => _vm.KnownNames);
    }

    public TuiViewModel ViewModel => _vm;

    /// <summary>What Tab completes from.</summary>
    public CompletionSources CompletionSources { get; }

    /// <summary>The share folder's files (for the <c>pub</c> file picker).</summary>
    public IReadOnlyList<string> LocalFiles() => _peer.LocalFiles();

    /// <summary>
    /// Called (on any thread) after background work posted a change, so the UI can schedule
    /// <see cref="PumpPending"/> on its own thread.
    /// </summary>
    public Action? Wake { get; set; }

    /// <summary>Starts running submitted commands; <paramref name="stopping"/> cancels whatever still runs at exit.</summary>
    public void Start(CancellationToken stopping)
    {
        _stopping = stopping;
        _peer.TrackerBusyRetrying += OnTrackerBusyRetrying;
        _commandLoop = Task.Run(() => RunCommandsAsync(stopping), CancellationToken.None);
        Tick();
    }

    /// <summary>
    /// Queues a command line. Lines holding a password (<c>auth</c>, <c>reg</c>, <c>passwd</c>) never enter the
    /// history; the others are also kept in the history file for the next run.
    /// </summary>
    public void Submit(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        var secret = Secrets.HoldsPassword(trimmed);
        _vm.History.Add(secret ? "" : trimmed);
        if (trimmed.Length == 0)
        {
            return;
        }

        if (!secret && _historyFile is not null)
        {
            try
            {
                _historyFile.Append(trimmed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogHistoryWriteFailed(_historyFile.Path, ex);
            }
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

        var rows = _meter.Measure(_peer.Transfers(), hashing);
        if (_cancelledIds.Count > 0)
        {
            // A transfer cancelled here fails in the core like any other; show it as what it was.
            rows = rows.Select(r => r.State == "failed" && _cancelledIds.Contains(r.Id) ? r with { State = "cancelled", Detail = "" } : r).ToList();
        }

        _vm.Transfers = rows;
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

    /// <summary>Quitting (Ctrl+Q, a confirmed Ctrl+C, a signal): send <c>xit</c> (bounded in time), then close. A second request closes at once.</summary>
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
                LogQuitIncomplete(ex);
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
            LogBackgroundFailed(ex);
        }
    }

    private async Task RefreshPeersAsync()
    {
        try
        {
            var peers = await _peer.ListPeerAddressesAsync(_stopping).ConfigureAwait(false);
            var listed = peers.OrderBy(p => p.UserName, StringComparer.Ordinal).Select(p => new ActivePeer(p.UserName, Address(p))).ToList();
            Post(() =>
            {
                _vm.ActivePeers = _peer.IsLoggedIn ? listed : null;
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
            LogRefreshFailed(ex);
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
        Wake?.Invoke();
    }

    private void Track(Task task)
    {
        lock (_lock)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private static string Address(PeerEntry peer) =>
        peer.Address.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{peer.Address}]:{peer.Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{peer.Address}:{peer.Port}");

    private static string CancelKey(string command, string fileName) => $"{command} {fileName}";

    // The file a get or pub names, without get's -f.
    private static string FileArgument(string line)
    {
        var argument = Argument(line);
        if (CommandWord(line) == "get" && argument.StartsWith("-f ", StringComparison.Ordinal))
        {
            argument = argument[3..].TrimStart();
            argument = argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"' ? argument[1..^1] : argument;
        }

        return argument;
    }

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
}
