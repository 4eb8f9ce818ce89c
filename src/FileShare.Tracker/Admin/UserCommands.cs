using System.CommandLine;

namespace FileShare.Tracker.Admin;

/// <summary>The <c>user</c> subcommand tree: <c>add</c>, <c>passwd</c>, <c>remove</c>, <c>list</c>.</summary>
internal static class UserCommands
{
    private const string DefaultCredentials = "credentials.txt";
    private const string DefaultData = "tracker-data";

    public static Command Create(TextReader input)
    {
        var user = new Command(
            "user",
            "Manage accounts in credentials.txt offline (passwords are stored hashed; every other line is kept as it is). "
            + "Exit codes: 0 done, 1 refused, 2 usage or I/O error.");
        user.Subcommands.Add(PasswordCommand("add", "Add an account", input, (admin, file, name, source) => admin.Add(file, name, source)));
        user.Subcommands.Add(PasswordCommand(
            "passwd", "Set a new password for an account", input, (admin, file, name, source) => admin.ChangePassword(file, name, source)));

        var removeName = NameArgument();
        var removeCredentials = CredentialsOption();
        var data = new Option<string>("--data")
        {
            Description = "Tracker data directory whose publications of the user are dropped (stop the tracker first)",
            HelpName = "DIR",
            DefaultValueFactory = _ => DefaultData,
        };
        var remove = new Command("remove", "Remove an account and its publications") { removeName, removeCredentials, data };
        remove.SetAction(parseResult => Admin(parseResult).Remove(
            parseResult.GetValue(removeCredentials)!, parseResult.GetValue(data)!, parseResult.GetValue(removeName)!));
        user.Subcommands.Add(remove);

        var listCredentials = CredentialsOption();
        var list = new Command("list", "List the accounts") { listCredentials };
        list.SetAction(parseResult => Admin(parseResult).List(parseResult.GetValue(listCredentials)!));
        user.Subcommands.Add(list);
        return user;
    }

    private static Command PasswordCommand(
        string name, string description, TextReader input, Func<UserAdministration, string, string, IPasswordSource, int> run)
    {
        var userName = NameArgument();
        var credentials = CredentialsOption();
        var fromStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from the first line of standard input instead of asking on the terminal",
        };
        var command = new Command(name, description + "; the password is asked for on the terminal (not echoed) or read with --password-stdin")
        {
            userName, credentials, fromStdin,
        };
        command.SetAction(parseResult =>
        {
            IPasswordSource source = parseResult.GetValue(fromStdin)
                ? new StdinPasswordSource(input)
                : new TerminalPasswordSource(parseResult.InvocationConfiguration.Error);
            return run(Admin(parseResult), parseResult.GetValue(credentials)!, parseResult.GetValue(userName)!, source);
        });
        return command;
    }

    private static UserAdministration Admin(ParseResult parseResult) =>
        new(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);

    private static Argument<string> NameArgument() => new("NAME") { Description = "User name" };

    private static Option<string> CredentialsOption() => new("--credentials")
    {
        Description = "Accounts file",
        HelpName = "FILE",
        DefaultValueFactory = _ => DefaultCredentials,
    };
}
