namespace FileShare.Tracker.Admin;

/// <summary><c>--password-stdin</c>: the first line of standard input is the password (for scripts).</summary>
internal sealed class StdinPasswordSource : IPasswordSource
{
    private readonly TextReader _input;

    public StdinPasswordSource(TextReader input) => _input = input;

    public string ReadNewPassword(string userName)
    {
        var line = _input.ReadLine()
            ?? throw new UserCommandException("No password on standard input (--password-stdin reads its first line).", UserAdministration.ExitUsage);
        return line.TrimEnd('\r');
    }
}
