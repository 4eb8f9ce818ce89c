using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;

namespace FileShare.Peer.Plain;

/// <summary>
/// The scriptable mode: one command per line on stdin, results on stdout, no prompt. Each command finishes
/// before the next is read, so scripts see results in order. End of input acts as <c>xit</c>.
/// While a command waits out Busy answers from the tracker, "Tracker busy, retrying" is printed once, at once.
/// </summary>
internal sealed class PlainMode
{
    private readonly CommandProcessor _processor;
    private readonly TrackerConnection _connection;
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly Lock _outputLock = new();
    private bool _commandRunning;
    private bool _busyShown;

    public PlainMode(CommandProcessor processor, TrackerConnection connection, TextReader input, TextWriter output)
    {
        _processor = processor;
        _connection = connection;
        _input = input;
        _output = output;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _connection.BusyRetrying += OnBusyRetrying;
        try
        {
            await RunLinesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connection.BusyRetrying -= OnBusyRetrying;
        }
    }

    private async Task RunLinesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await _input.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var result = await ExecuteAsync(line ?? "xit").ConfigureAwait(false);
            foreach (var output in result.Lines)
            {
                await _output.WriteLineAsync(output.Text).ConfigureAwait(false);
            }

            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (result.Exit || line is null)
            {
                return;
            }
        }

        // Interrupted (Ctrl+C, SIGTERM): leave like xit so the tracker sees us go at once.
        var goodbye = await ExecuteAsync("xit").ConfigureAwait(false);
        foreach (var output in goodbye.Lines)
        {
            await _output.WriteLineAsync(output.Text).ConfigureAwait(false);
        }

        await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<CommandResult> ExecuteAsync(string line)
    {
        lock (_outputLock)
        {
            _commandRunning = true;
            _busyShown = false;
        }

        try
        {
            return await _processor.ExecuteAsync(line, null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // From here the result lines are written; a late notice must not land between them.
            lock (_outputLock)
            {
                _commandRunning = false;
            }
        }
    }

    private void OnBusyRetrying(TrackerBusyNotice notice)
    {
        lock (_outputLock)
        {
            // Once per command, and only for a command: background work (a re-login, a republish) prints nothing.
            if (!_commandRunning || _busyShown)
            {
                return;
            }

            _busyShown = true;
            _output.WriteLine(CommandProcessor.TrackerBusyRetrying);
            _output.Flush();
        }
    }
}
