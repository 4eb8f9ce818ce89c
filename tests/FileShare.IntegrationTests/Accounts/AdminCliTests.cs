using FileShare.IntegrationTests.Infrastructure;
using FileShare.IntegrationTests.Peer;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Accounts;

/// <summary><c>fileshare-tracker user ...</c> as a real process, and its effect on a real tracker.</summary>
public sealed class AdminCliTests
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)5, 32).ToArray();

    [Fact]
    public async Task AddPasswdListAndRemoveWorkEndToEnd()
    {
        var directory = TestFiles.NewDirectory("admin");
        var credentials = Path.Combine(directory, "credentials.txt");
        await File.WriteAllTextAsync(credentials, AccountTracker.Credentials);

        var add = await TrackerCli.RunAsync(directory, "s3cret\n", "user", "add", "otto", "--credentials", credentials, "--password-stdin");
        Assert.Equal((0, string.Empty), (add.ExitCode, add.Error));
        Assert.StartsWith(AccountTracker.Credentials + "otto scram-sha-256$", await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);

        var again = await TrackerCli.RunAsync(directory, "x\n", "user", "add", "otto", "--credentials", credentials, "--password-stdin");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        var noTerminal = await TrackerCli.RunAsync(directory, "x\n", "user", "passwd", "otto", "--credentials", credentials);
        Assert.Equal(2, noTerminal.ExitCode);
        Assert.Contains("--password-stdin", noTerminal.Error, StringComparison.Ordinal);

        var passwd = await TrackerCli.RunAsync(directory, "n3w\n", "user", "passwd", "otto", "--credentials", credentials, "--password-stdin");
        Assert.Equal(0, passwd.ExitCode);

        var list = await TrackerCli.RunAsync(directory, null, "user", "list", "--credentials", credentials);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(
            ["hans (plaintext password; 'user passwd hans' stores it hashed)", "maria (plaintext password; 'user passwd maria' stores it hashed)", "otto"],
            list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var usage = await TrackerCli.RunAsync(directory, null, "user", "remove");
        Assert.Equal(2, usage.ExitCode);

        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions { WorkingDirectory = directory, WriteCredentialsFile = false });
        await using (var otto = new UdpTestClient(tracker.EndPoint))
        {
            Assert.IsType<ErrorReply>(await otto.TryLoginAsync("otto", "s3cret"));
            await otto.LoginAsync("otto", "n3w");
            await otto.RequestAsync<OkReply>(new PublishRequest("otto.bin", 1, Hash));
            await otto.RequestAsync<OkReply>(new LeaveRequest());
        }

        var whileRunning = await TrackerCli.RunAsync(directory, null, "user", "remove", "otto", "--credentials", credentials, "--data", tracker.DataDirectory);
        Assert.Equal(1, whileRunning.ExitCode);
        Assert.Contains("stop it", whileRunning.Error, StringComparison.Ordinal);

        Assert.Equal(0, await tracker.StopAsync());
        var remove = await TrackerCli.RunAsync(directory, null, "user", "remove", "otto", "--credentials", credentials, "--data", tracker.DataDirectory);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("and 1 publication from", remove.Output, StringComparison.Ordinal);
        Assert.Equal(AccountTracker.Credentials, await File.ReadAllTextAsync(credentials));

        await tracker.RestartAsync();
        await using var hans = new UdpTestClient(tracker.EndPoint);
        await hans.LoginAsync("hans", "falcon*solo");
        Assert.Equal(ErrorCode.NotFound, (await hans.RequestAsync<ErrorReply>(new GetFileRequest("otto.bin", null))).Code);
        await using var ghost = new UdpTestClient(tracker.EndPoint);
        Assert.IsType<ErrorReply>(await ghost.TryLoginAsync("otto", "n3w"));
    }

    [Fact]
    public async Task AnAccountAddedWhileTheTrackerRunsCanLogInAfterThePoll()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);

        var add = await TrackerCli.RunAsync(tracker.WorkingDirectory, "pw\n", "user", "add", "late", "--credentials", tracker.CredentialsPath, "--password-stdin");
        Assert.Equal(0, add.ExitCode);
        await tracker.WaitForOutputAsync(l => l.Contains("reloaded 3 users", StringComparison.Ordinal));

        await using var late = new UdpTestClient(tracker.EndPoint);
        await late.LoginAsync("late", "pw");
    }
}
