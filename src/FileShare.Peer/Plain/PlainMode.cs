using FileShare.Peer.Core.Commands;

namespace FileShare.Peer.Plain;

/// <summary>
/// The scriptable mode: one command per line on stdin, results on stdout, no prompt. Each command finishes
/// before the next is read, so scripts see results in order. End of input acts as <c>xit</c>.
/// </summary>
internal sealed class PlainMode
{
    private readonly CommandProcessor _processor;
    private readonly TextReader _input;
    private readonly TextWriter _output;

    public PlainMode(CommandProcessor processor, TextReader input, TextWriter output)
    {
        _processor = processor;
        _input = input;
        _output = output;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
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

            var result = await _processor.ExecuteAsync(line ?? "xit", null, CancellationToken.None).ConfigureAwait(false);
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
        var goodbye = await _processor.ExecuteAsync("xit", null, CancellationToken.None).ConfigureAwait(false);
        foreach (var output in goodbye.Lines)
        {
            await _output.WriteLineAsync(output.Text).ConfigureAwait(false);
        }

        await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
