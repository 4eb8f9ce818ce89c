using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Peer.Tests.Tracker;

/// <summary>
/// A scripted tracker on loopback: the test reads each datagram the peer sends and decides the answer. It can play
/// the tracker's half of a SCRAM login for one password.
/// </summary>
internal sealed class FakeTracker : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Channel<ReceivedDatagram> _received = Channel.CreateUnbounded<ReceivedDatagram>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private readonly string _password;
    private readonly byte[] _salt = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    private (string User, string ClientNonce, string CombinedNonce)? _login;
    private SessionKeys? _keys;

    public FakeTracker(string password = "pw")
    {
        _password = password;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>The next datagram from the peer; fails the test if none comes within <see cref="Patience"/>.</summary>
    public async Task<ReceivedDatagram> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The peer sent nothing to the tracker");
        }
    }

    /// <summary>The next datagram, which must carry a <typeparamref name="T"/>.</summary>
    public async Task<ReceivedDatagram> ReceiveAsync<T>()
        where T : Message
    {
        var received = await ReceiveAsync();
        Assert.IsType<T>(received.Envelope.Message);
        return received;
    }

    /// <summary>
    /// Answers as the tracker does: signed with the session's reply key and the request's counter when the request was
    /// signed, an AuthSuccess signed with counter 0, anything else unsigned.
    /// </summary>
    public async Task ReplyAsync(ReceivedDatagram to, Message message)
    {
        byte[] datagram;
        if (to.Envelope.Counter is { } counter && _keys is not null)
        {
            datagram = MessageCodec.EncodeSigned(new Envelope(to.Envelope.RequestId, to.Envelope.SessionToken, message) { Counter = counter }, _keys.ReplyKey);
        }
        else if (message is AuthSuccessReply success && _keys is not null)
        {
            datagram = MessageCodec.EncodeSigned(new Envelope(to.Envelope.RequestId, success.SessionToken, message) { Counter = 0 }, _keys.ReplyKey);
        }
        else
        {
            datagram = MessageCodec.Encode(new Envelope(to.Envelope.RequestId, null, message));
        }

        await _udp.SendAsync(datagram, to.From);
    }

    /// <summary>Sends <paramref name="datagram"/> as the answer to <paramref name="to"/>'s sender (forged replies).</summary>
    public async Task SendRawAsync(ReceivedDatagram to, byte[] datagram) => await _udp.SendAsync(datagram, to.From);

    /// <summary>The tracker's SCRAM challenge to an AuthStart.</summary>
    public AuthChallengeReply Challenge(ReceivedDatagram start)
    {
        var request = Assert.IsType<AuthStartRequest>(start.Envelope.Message);
        var combined = request.ClientNonce + "tracker-nonce";
        _login = (request.UserName, request.ClientNonce, combined);
        return new AuthChallengeReply(combined, _salt, ProtocolLimits.MinScramIterations);
    }

    /// <summary>The tracker's AuthSuccess to the proof that followed <see cref="Challenge"/>, with the given token.</summary>
    public AuthSuccessReply Success(ReceivedDatagram proof, byte[] sessionToken)
    {
        Assert.IsType<AuthProofRequest>(proof.Envelope.Message);
        var (user, clientNonce, combined) = _login ?? throw new InvalidOperationException("No challenge was sent");
        var keys = ScramSha256.DeriveKeys(_password, _salt, ProtocolLimits.MinScramIterations);
        var authMessage = ScramSha256.AuthMessage(user, clientNonce, combined, _salt, ProtocolLimits.MinScramIterations);
        _keys = SessionKeys.Derive(keys.ClientKey, keys.ServerKey, authMessage);
        return new AuthSuccessReply(
            ScramSha256.ServerSignature(keys.ServerKey, authMessage), sessionToken, _keys.MaskTicketKey(new byte[ProtocolLimits.TicketKeyBytes]), 1000, 30_000, "127.0.0.1");
    }

    /// <summary>Answers AuthStart and AuthProof as a tracker that accepts the password, handing out <paramref name="sessionToken"/>.</summary>
    public async Task AcceptLoginAsync(byte[] sessionToken)
    {
        var start = await ReceiveAsync<AuthStartRequest>();
        await ReplyAsync(start, Challenge(start));
        var proof = await ReceiveAsync<AuthProofRequest>();
        await ReplyAsync(proof, Success(proof, sessionToken));
    }

    public static byte[] Token(byte fill) => Enumerable.Repeat(fill, ProtocolLimits.SessionTokenBytes).ToArray();

    private async Task ReceiveLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try
            {
                result = await _udp.ReceiveAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            await _received.Writer.WriteAsync(new ReceivedDatagram(MessageCodec.Decode(result.Buffer), result.Buffer, result.RemoteEndPoint));
        }

        _received.Writer.TryComplete();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _udp.Dispose();
        _receiveLoop.GetAwaiter().GetResult();
        _stopping.Dispose();
    }
}
