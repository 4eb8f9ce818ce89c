using FileShare.Protocol;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Network;

/// <summary>
/// Counts the tracker datagrams of one message type crossing a <see cref="LossyUdpRelay"/> in one direction
/// (counted on arrival at the relay, before any loss) and lets a test wait for a count instead of sleeping.
/// </summary>
internal sealed class DatagramWatch : IDisposable
{
    private readonly LossyUdpRelay _relay;
    private readonly RelayDirection _direction;
    private readonly MessageType _type;
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _count;

    public DatagramWatch(LossyUdpRelay relay, RelayDirection direction, MessageType type)
    {
        _relay = relay;
        _direction = direction;
        _type = type;
        _relay.DatagramReceived += OnDatagram;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes once <paramref name="count"/> matching datagrams have been seen.</summary>
    public Task WaitForAsync(int count, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(timeout);
        }
    }

    public void Dispose() => _relay.DatagramReceived -= OnDatagram;

    /// <summary>The message type of a tracker datagram, or null when it does not decode.</summary>
    public static MessageType? TypeOf(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            return MessageCodec.Decode(datagram).Message.Type;
        }
        catch (ProtocolException)
        {
            return null;
        }
    }

    private void OnDatagram(RelayDirection direction, ReadOnlyMemory<byte> datagram)
    {
        if (direction != _direction || TypeOf(datagram) != _type)
        {
            return;
        }

        lock (_lock)
        {
            _count++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_count >= _waiters[i].Count)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
