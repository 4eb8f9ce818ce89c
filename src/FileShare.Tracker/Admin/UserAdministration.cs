using FileShare.Protocol;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Admin;

/// <summary>
/// The offline account commands (<c>fileshare-tracker user add|passwd|remove|list</c>). They edit credentials.txt
/// through <see cref="CredentialFileEditor"/> (every other line kept byte for byte, the account in hashed form only,
/// replaced atomically), and <c>remove</c> drops the user's publications through the journal, as the tracker would.
/// Each returns the process exit code: 0 done, 1 refused, 2 usage or I/O problem.
/// </summary>
internal sealed class UserAdministration
{
    public const int ExitOk = 0;
    public const int ExitRefused = 1;
    public const int ExitUsage = 2;

    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public UserAdministration(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
    }

    /// <summary>Adds an account (creating the credentials file if it does not exist).</summary>
    public int Add(string credentialsFile, string userName, IPasswordSource passwords) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(passwords);
        var path = Path.GetFullPath(credentialsFile);
        if (NameRules.CheckNewUserName(userName) is { } nameError)
        {
            throw new UserCommandException($"Invalid user name '{userName}': {nameError}.", ExitRefused);
        }

        var content = File.Exists(path) ? CredentialFileWriter.Read(path) : [];
        if (CredentialFileEditor.Contains(content, userName))
        {
            throw new UserCommandException($"User '{userName}' already exists in {path}.", ExitRefused);
        }

        var credential = NewCredential(passwords, userName);
        CredentialFileWriter.Replace(path, CredentialFileEditor.Append(content, userName, credential));
        _output.WriteLine($"Added user '{userName}' to {path}");
        return ExitOk;
    });

    /// <summary>Sets a new password for an existing account (stored hashed, also when the line held a plaintext one).</summary>
    public int ChangePassword(string credentialsFile, string userName, IPasswordSource passwords) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(passwords);
        var path = Path.GetFullPath(credentialsFile);
        var content = ReadExisting(path);
        if (!CredentialFileEditor.Contains(content, userName))
        {
            throw new UserCommandException($"No user '{userName}' in {path}.", ExitRefused);
        }

        var credential = NewCredential(passwords, userName);
        CredentialFileWriter.Replace(path, CredentialFileEditor.Replace(content, userName, credential)!);
        _output.WriteLine($"Changed the password of '{userName}' in {path}");
        return ExitOk;
    });

    /// <summary>Removes an account and the publications it has in <paramref name="dataDirectory"/>.</summary>
    public int Remove(string credentialsFile, string dataDirectory, string userName) => Run(() =>
    {
        var path = Path.GetFullPath(credentialsFile);
        var data = Path.GetFullPath(dataDirectory);
        var content = ReadExisting(path);
        if (!CredentialFileEditor.Contains(content, userName))
        {
            throw new UserCommandException($"No user '{userName}' in {path}.", ExitRefused);
        }

        // Publications first: if the account line cannot be removed afterwards, running the command again finishes the job.
        var dropped = DropPublications(data, userName);
        CredentialFileWriter.Replace(path, CredentialFileEditor.Remove(content, userName)!);
        _output.WriteLine($"Removed user '{userName}' from {path} and {dropped} publication{(dropped == 1 ? string.Empty : "s")} from {data}");
        return ExitOk;
    });

    /// <summary>Lists the accounts in file order; malformed lines are reported on stderr.</summary>
    public int List(string credentialsFile) => Run(() =>
    {
        var path = Path.GetFullPath(credentialsFile);
        var content = ReadExisting(path);
        var parsed = CredentialFileParser.Parse(CredentialFileEditor.Decode(content), ScramSha256.DefaultIterations);
        foreach (var error in parsed.Errors)
        {
            _error.WriteLine($"{path}:{error.LineNumber}: skipped malformed line: {error.Reason}");
        }

        var accounts = CredentialFileEditor.ListAccounts(content);
        if (accounts.Count == 0)
        {
            _output.WriteLine($"No users in {path}");
        }

        foreach (var (user, hashed) in accounts)
        {
            _output.WriteLine(hashed ? user : $"{user} (plaintext password; 'user passwd {user}' stores it hashed)");
        }

        return ExitOk;
    });

    private static byte[] ReadExisting(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserCommandException($"Credentials file not found: {path} (pass --credentials FILE).", ExitUsage);
        }

        return CredentialFileWriter.Read(path);
    }

    private static ScramCredential NewCredential(IPasswordSource passwords, string userName)
    {
        var password = passwords.ReadNewPassword(userName);
        if (NameRules.CheckNewPassword(password) is { } passwordError)
        {
            throw new UserCommandException($"Password refused: {passwordError}; nothing was changed.", ExitRefused);
        }

        return ScramCredential.Create(password, ScramSha256.DefaultIterations);
    }

    private static int DropPublications(string dataDirectory, string userName)
    {
        if (!Directory.Exists(dataDirectory))
        {
            return 0;
        }

        EnsureTrackerStopped(dataDirectory);
        var options = Options.Create(new TrackerOptions { DataDirectory = dataDirectory });
        using var journal = new PublicationJournal(options, NullLogger<PublicationJournal>.Instance);
        var index = new PublicationIndex();
        try
        {
            journal.Open(index);
        }
        catch (TrackerStartupException ex)
        {
            throw new UserCommandException(ex.Message, ExitUsage);
        }

        var names = index.OwnNamesAfter(userName, null).ToList();
        foreach (var name in names)
        {
            journal.AppendUnpublish(userName, name); // through the journal, exactly as the tracker's unp
            index.Unpublish(userName, name);
        }

        journal.Commit();

        if (names.Count > 0)
        {
            journal.Compact(index);
        }

        return names.Count;
    }

    /// <summary>A running tracker holds its journal open (shared lock); editing under it would corrupt the journal.</summary>
    private static void EnsureTrackerStopped(string dataDirectory)
    {
        var journalPath = Path.Combine(dataDirectory, PublicationJournal.JournalFileName);
        if (!File.Exists(journalPath))
        {
            return;
        }

        try
        {
            using var probe = new FileStream(journalPath, FileMode.Open, FileAccess.ReadWrite, System.IO.FileShare.None);
        }
        catch (IOException)
        {
            throw new UserCommandException(
                $"A tracker is running on {dataDirectory}; stop it before 'user remove' (its publications cannot be edited under it).",
                ExitRefused);
        }
    }

    private int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (UserCommandException ex)
        {
            _error.WriteLine("fileshare-tracker: " + ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _error.WriteLine("fileshare-tracker: " + ex.Message + " Nothing was changed.");
            return ExitUsage;
        }
    }
}
