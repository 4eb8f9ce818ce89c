namespace FileShare.Bench.Transport;

/// <summary>
/// The hidden <c>transport-server-*</c> commands: runs one echo server, prints its port, then answers <c>stats</c>
/// lines on stdin until <c>quit</c> or until stdin closes (the bench ended), so no server outlives its bench.
/// </summary>
internal static class EchoServerHost
{
    /// <summary>The line the bench waits for; the port follows it.</summary>
    public const string ReadyPrefix = "echo server listening on 127.0.0.1:";

    public static int Run(IEchoServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        using (server)
        {
            var port = server.Start();
            Console.Out.WriteLine($"{ReadyPrefix}{port}");
            Console.Out.Flush();
            while (Console.In.ReadLine() is { } line)
            {
                if (line == "quit")
                {
                    break;
                }

                if (line == "stats")
                {
                    Console.Out.WriteLine(server.StatsLine());
                    Console.Out.Flush();
                }
            }
        }

        return 0;
    }
}
