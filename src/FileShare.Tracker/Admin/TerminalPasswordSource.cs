using System.Text;

namespace FileShare.Tracker.Admin;

/// <summary>Asks on the terminal, twice, without echoing what is typed. Prompts go to stderr so stdout stays clean.</summary>
internal sealed class TerminalPasswordSource : IPasswordSource
{
    private readonly TextWriter _prompt;

    public TerminalPasswordSource(TextWriter prompt) => _prompt = prompt;

    public string ReadNewPassword(string userName)
    {
        if (Console.IsInputRedirected)
        {
            throw new UserCommandException(
                "No terminal to read the password from; pipe it in and add --password-stdin.", UserAdministration.ExitUsage);
        }

        var first = Prompt($"New password for {userName}: ");
        var second = Prompt("Repeat the password: ");
        if (!string.Equals(first, second, StringComparison.Ordinal))
        {
            throw new UserCommandException("The two passwords differ; nothing was changed.", UserAdministration.ExitRefused);
        }

        return first;
    }

    private string Prompt(string text)
    {
        _prompt.Write(text);
        _prompt.Flush();
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                _prompt.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (key.KeyChar != '\0')
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
