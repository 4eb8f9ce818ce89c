using FileShare.Bench.TrackerLoad;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileShare.Bench.Alloc;

/// <summary>
/// The tracker's real <see cref="TrackerService"/>, without sockets, on a scratch directory: every user of the
/// <see cref="PublicationPlan"/> logged in (sessions started directly, no SCRAM) and its publications loaded.
/// </summary>
internal sealed class AllocTracker : IDisposable
{
    private readonly string _directory;
    private readonly PublicationJournal _journal;

    public AllocTracker(PublicationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _directory = Directory.CreateTempSubdirectory("fileshare-alloc-").FullName;
        var credentials = Path.Combine(_directory, "credentials.txt");
        File.WriteAllText(credentials, string.Empty);
        var options = Options.Create(new TrackerOptions { CredentialsFile = credentials, DataDirectory = Path.Combine(_directory, "data") });
        var time = new FrozenTime();
        var store = new CredentialStore(options, NullLogger<CredentialStore>.Instance);
        store.Load();
        Sessions = new SessionRegistry(options, time, new ReceiveHealth());
        Index = new PublicationIndex();
        _journal = new PublicationJournal(options, NullLogger<PublicationJournal>.Instance);
        var authenticator = new ScramAuthenticator(store, options, time, NullLogger<ScramAuthenticator>.Instance);
        Service = new TrackerService(
            options,
            time,
            authenticator,
            new Registrar(store, options, time, NullLogger<Registrar>.Instance),
            new PasswordChanger(store, authenticator, options, time, NullLogger<PasswordChanger>.Instance),
            Sessions,
            Index,
            _journal,
            new BadDatagramLog(options, time, NullLogger<BadDatagramLog>.Instance),
            NullLogger<TrackerService>.Instance);
        Service.Open();
        MessageCodec.Prepare();

        Index.BeginBulkLoad();
        for (var p = 0; p < plan.Publications; p++)
        {
            var name = plan.NameOf(p);
            Index.Publish(new Publication(BenchUsers.UserName(plan.OwnerOf(p)), PublicationPlan.Name(name), PublicationPlan.Size(name), PublicationPlan.Sha256(name)));
        }

        Index.EndBulkLoad();
        Tokens = new byte[plan.Users][];
        for (var u = 0; u < plan.Users; u++)
        {
            Tokens[u] = Sessions.Start(BenchUsers.UserName(u), "127.0.0.1", 20_000 + (u % 40_000), Keys).Token;
        }
    }

    public TrackerService Service { get; }

    public SessionRegistry Sessions { get; }

    public PublicationIndex Index { get; }

    /// <summary>The keys of every session (one set for all: the scenario measures the request path, not the login).</summary>
    public SessionKeys Keys { get; } = SessionKeys.Derive(new byte[32], new byte[32], "alloc bench");

    /// <summary>The session token of each plan user, by user number.</summary>
    public byte[][] Tokens { get; }

    public void Dispose()
    {
        Service.Shutdown();
        Service.Dispose();
        _journal.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
