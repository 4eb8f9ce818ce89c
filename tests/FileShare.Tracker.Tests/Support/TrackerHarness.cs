using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Diagnostics;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Tests.Support;

/// <summary>
/// A complete tracker without sockets: real components on a temp data directory and a fake clock.
/// Requests go in as encoded datagrams and replies come back decoded, so tests cover the codec path too.
/// </summary>
internal sealed class TrackerHarness : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly Action<TrackerOptions>? _configure;
    private uint _nextRequestId = 1;

    public TrackerHarness(IReadOnlyDictionary<string, string> users, Action<TrackerOptions>? configure = null, TempDirectory? directory = null)
    {
        _ownsDirectory = directory is null;
        _directory = directory ?? new TempDirectory();
        _configure = configure;
        var lines = string.Join('\n', users.Select(u => $"{u.Key} {u.Value}"));
        if (!File.Exists(_directory.File("credentials.txt")))
        {
            File.WriteAllText(_directory.File("credentials.txt"), lines);
        }

        Time = new FakeTimeProvider();
        Build();
    }

    public FakeTimeProvider Time { get; }

    public IOptions<TrackerOptions> Options { get; private set; } = null!;

    public TrackerService Service { get; private set; } = null!;

    public PublicationIndex Index { get; private set; } = null!;

    public SessionRegistry Sessions { get; private set; } = null!;

    /// <summary>What the (absent) transport reports about its reading; tests report lag and loss through it.</summary>
    public ReceiveHealth Health { get; private set; } = null!;

    public PublicationJournal Journal { get; private set; } = null!;

    public CredentialStore Credentials { get; private set; } = null!;

    public Registrar Registrar { get; private set; } = null!;

    public PasswordChanger PasswordChanger { get; private set; } = null!;

    public string CredentialsPath => _directory.File("credentials.txt");

    public ListLogger<BadDatagramLog> BadDatagramLogger { get; private set; } = null!;

    public ListLogger<TrackerService> ServiceLogger { get; private set; } = null!;

    public string DataDirectory => _directory.File("data");

    /// <summary>The meters of this tracker's instruments (<see cref="TrackerMetrics"/>).</summary>
    public TestMeterFactory Meters { get; } = new();

    public static IPEndPoint Endpoint(int port, string address = "::ffff:127.0.0.1") => new(IPAddress.Parse(address), port);

    public uint NextRequestId() => _nextRequestId++;

    /// <summary>Runs RegisterStart and RegisterFinish as a peer would. Returns the finish's reply (or the start's error).</summary>
    public Message TryRegister(string user, string password, IPEndPoint from)
    {
        var first = Send(new RegisterStartRequest(user), null, from)!.Message;
        if (first is not RegisterChallengeReply challenge)
        {
            return first;
        }

        var keys = ScramSha256.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        return Send(new RegisterFinishRequest(user, challenge.Salt, keys.StoredKey, keys.ServerKey), null, from)!.Message;
    }

    /// <summary>Runs the password change as a peer would. Returns the finish's reply (or the start's error).</summary>
    public Message TryChangePassword(string user, byte[] token, string oldPassword, string newPassword, IPEndPoint from)
    {
        var first = Send(new ChangePasswordStartRequest(), token, from)!.Message;
        if (first is not ChangePasswordChallengeReply challenge)
        {
            return first;
        }

        var oldKeys = ScramSha256.DeriveKeys(oldPassword, challenge.CurrentSalt, challenge.CurrentIterations);
        var newKeys = ScramSha256.DeriveKeys(newPassword, challenge.NewSalt, challenge.NewIterations);
        var proof = ScramSha256.ClientProof(oldKeys, ScramSha256.ChangePasswordMessage(user, challenge.Nonce, newKeys.StoredKey, newKeys.ServerKey));
        return Send(new ChangePasswordFinishRequest(challenge.Nonce, proof, newKeys.StoredKey, newKeys.ServerKey), token, from)!.Message;
    }

    /// <summary>
    /// Encodes a request as a peer would send it: a session's request signed with the keys of the login that got
    /// <paramref name="token"/> and its next counter (a token no login here gave is signed with keys the tracker
    /// does not have); anything else, or a session request without a token, unsigned.
    /// </summary>
    public static byte[] Datagram(Message message, byte[]? token, uint requestId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (token is null || !TestSigners.BelongsToSession(message.Type))
        {
            return MessageCodec.Encode(new Envelope(requestId, token, message));
        }

        var signer = TestSigners.For(token);
        return MessageCodec.EncodeSigned(new Envelope(requestId, token, message) { Counter = signer.NextCounter() }, signer.Keys.RequestKey);
    }

    /// <summary>Sends a request and decodes the reply (null when the tracker sent none); a signed reply's MAC is checked.</summary>
    public Envelope? Send(Message message, byte[]? token, IPEndPoint from, uint? requestId = null)
    {
        var reply = Service.Handle(Datagram(message, token, requestId ?? NextRequestId()), from);
        return reply is null ? null : TestSigners.Open(reply);
    }

    public TMessage SendExpect<TMessage>(Message message, byte[]? token, IPEndPoint from)
        where TMessage : Message
    {
        var reply = Send(message, token, from) ?? throw new Xunit.Sdk.XunitException($"No reply to {message.Type}");
        return reply.Message as TMessage
            ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(TMessage).Name} for {message.Type} but got {reply.Message}");
    }

    /// <summary>Runs the SCRAM exchange as a client would. Returns the success reply or the error.</summary>
    public Message TryLogin(string user, string password, IPEndPoint from, int fileServerPort = 7000)
    {
        var clientNonce = ScramSha256.NewNonce();
        var first = Send(new AuthStartRequest(user, clientNonce, fileServerPort, PeerCapabilities.SignedSessions), null, from)!.Message;
        if (first is not AuthChallengeReply challenge)
        {
            return first;
        }

        var keys = ScramSha256.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        var authMessage = ScramSha256.AuthMessage(user, clientNonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations);
        var sessionKeys = SessionKeys.Derive(keys.ClientKey, keys.ServerKey, authMessage);
        var datagram = Datagram(new AuthProofRequest(challenge.CombinedNonce, ScramSha256.ClientProof(keys, authMessage)), null, NextRequestId());
        var reply = Service.Handle(datagram, from) ?? throw new Xunit.Sdk.XunitException("No reply to the proof");
        var final = MessageCodec.Decode(reply);
        if (final.Message is not AuthSuccessReply success)
        {
            return final.Message;
        }

        Assert.Equal(ScramSha256.ServerSignature(keys.ServerKey, authMessage), success.ServerSignature);
        Assert.True(final.IsSigned && final.Counter == 0 && SessionMac.Verify(sessionKeys.ReplyKey, reply), "AuthSuccess must be signed with counter 0");
        TestSigners.Add(success.SessionToken, sessionKeys);

        // Tests use the ticket key itself; on the wire it is masked (PROTOCOL.md §10.6).
        return success with { TicketKey = sessionKeys.MaskTicketKey(success.TicketKey) };
    }

    public byte[] Login(string user, string password, IPEndPoint from, int fileServerPort = 7000)
    {
        var reply = TryLogin(user, password, from, fileServerPort);
        return reply is AuthSuccessReply success ? success.SessionToken : throw new Xunit.Sdk.XunitException($"Login of {user} failed: {reply}");
    }

    /// <summary>Simulates a crash: the journal file handle is closed without compaction, then everything is rebuilt.</summary>
    public void Crash()
    {
        Journal.Dispose();
        Build();
    }

    /// <summary>A graceful stop (compaction) followed by a fresh start on the same directory.</summary>
    public void Restart()
    {
        Service.Shutdown();
        Build();
    }

    public void Dispose()
    {
        Meters.Dispose();
        Journal.Dispose();
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }
    }

    private void Build()
    {
        Options = TestOptions.Create(o =>
        {
            o.CredentialsFile = _directory.File("credentials.txt");
            o.DataDirectory = DataDirectory;
            _configure?.Invoke(o);
        });
        Credentials = new CredentialStore(Options, new ListLogger<CredentialStore>());
        Credentials.Load();
        Health = new ReceiveHealth();
        Sessions = new SessionRegistry(Options, Time, Health);
        Index = new PublicationIndex();
        Journal = new PublicationJournal(Options, new ListLogger<PublicationJournal>());
        BadDatagramLogger = new ListLogger<BadDatagramLog>();
        var authenticator = new ScramAuthenticator(Credentials, Options, Time, new ListLogger<ScramAuthenticator>());
        Registrar = new Registrar(Credentials, Options, Time, new ListLogger<Registrar>());
        PasswordChanger = new PasswordChanger(Credentials, authenticator, Options, Time, new ListLogger<PasswordChanger>());
        Service = new TrackerService(
            Options,
            Time,
            authenticator,
            Registrar,
            PasswordChanger,
            Sessions,
            Index,
            Journal,
            new BadDatagramLog(Options, Time, BadDatagramLogger),
            ServiceLogger = new ListLogger<TrackerService>(),
            new TrackerMetrics(Meters))
        {
            ListeningPort = 11502,
        };
        Service.Open();
    }
}
