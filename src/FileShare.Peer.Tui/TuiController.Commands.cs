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

/// <summary>Running the submitted commands, cancelling transfers, and applying the typed results to the view-model.</summary>
internal sealed partial class TuiController
{
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

    /// <summary>Cancels the download or the hashing of a row of the transfers pane; false when it cannot be cancelled here.</summary>
    public bool CancelTransfer(TransferRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.Running || row.Kind == TransferRowKind.Upload)
        {
            return false;
        }

        CancellationTokenSource? source;
        lock (_lock)
        {
            _cancellable.TryGetValue(CancelKey(row.Kind == TransferRowKind.Hashing ? "pub" : "get", row.FileName), out source);
        }

        if (source is null)
        {
            return false;
        }

        _cancelledIds.Add(row.Id);
        source.Cancel();
        LogTransferCancelled(row.FileName);
        return true;
    }

    private async Task RunOneAsync(string line, CancellationToken stopping)
    {
        var masked = CommandProcessor.MaskSecrets(line);
        var word = CommandWord(line);
        var key = word is "get" or "pub" ? CancelKey(word, FileArgument(line)) : null;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (key is not null)
        {
            lock (_lock)
            {
                _cancellable.TryAdd(key, cancel);
            }
        }

        var cancellationToken = cancel.Token;
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
            lock (_lock)
            {
                if (job is not null)
                {
                    _hashing.Remove(job);
                }

                if (key is not null && _cancellable.TryGetValue(key, out var registered) && registered == cancel)
                {
                    _cancellable.Remove(key);
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

        // UI state comes from the typed result, never from the printed text.
        switch (result.Failure)
        {
            case CommandFailure.TrackerNotResponding:
                _lastRequestFailed = true;
                break;
            case CommandFailure.None:
            case CommandFailure.Refused:
                _lastRequestFailed = false;
                break;
        }

        switch (CommandWord(line))
        {
            case "sch" when result.Items is { } found:
                _vm.SetSearchResults(Argument(line), found);
                break;
            case "lap" when result.Peers is { } peers:
                _vm.ActivePeers = peers.Select(p => new ActivePeer(p.UserName, Address(p))).ToList();
                break;
            case "lap" when result.Items is { } names:
                // Keeps the addresses the last refresh found for the names still listed.
                var known = (_vm.ActivePeers ?? []).ToDictionary(p => p.UserName, p => p.Address, StringComparer.Ordinal);
                _vm.ActivePeers = names.Select(n => new ActivePeer(n, known.GetValueOrDefault(n))).ToList();
                break;
            case "auth" or "reg" when result.Failure == CommandFailure.None:
                _refreshSoon = true;
                break;
        }

        _vm.MyPublications = _peer.PublishedNames;
        if (result.Exit)
        {
            _vm.ExitRequested = true;
        }
    }
}
