using System.Globalization;

namespace FileShare.Bench.TrackerLoad;

/// <summary>Relative weights of the request kinds, parsed from <c>sch=30,get=40,lap=10,lpf=19,pub=1</c>.</summary>
internal sealed class RequestMix
{
    private static readonly Dictionary<string, RequestKind> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sch"] = RequestKind.Search,
        ["get"] = RequestKind.Get,
        ["lap"] = RequestKind.ListPeers,
        ["lpf"] = RequestKind.ListMine,
        ["pub"] = RequestKind.Publish,
    };

    private readonly (RequestKind Kind, int Cumulative)[] _table;
    private readonly int _total;

    private RequestMix((RequestKind Kind, int Cumulative)[] table, string text)
    {
        _table = table;
        _total = table[^1].Cumulative;
        Text = text;
    }

    public string Text { get; }

    public static RequestMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new List<(RequestKind, int)>();
        var total = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || !Names.TryGetValue(pair[0], out var kind)
                || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new FormatException($"Bad mix entry '{part}': expected NAME=WEIGHT with NAME one of sch, get, lap, lpf, pub.");
            }

            if (weight > 0)
            {
                total += weight;
                table.Add((kind, total));
            }
        }

        if (total == 0)
        {
            throw new FormatException("The request mix needs at least one positive weight.");
        }

        return new RequestMix([.. table], text);
    }

    public RequestKind Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var roll = random.Next(_total);
        foreach (var (kind, cumulative) in _table)
        {
            if (roll < cumulative)
            {
                return kind;
            }
        }

        return _table[^1].Kind;
    }
}
