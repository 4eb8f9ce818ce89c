using FileShare.Peer.Tui.Rendering;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace FileShare.Peer.Tui.Views;

/// <summary>One row of the transfers pane: the name, a <see cref="ProgressBar"/>, and percent, speed, ETA and state.</summary>
internal sealed class TransferRowView : View
{
    private readonly Label _name;
    private readonly Label _info;
    private TransferRow? _row;
    private bool _selected;
    private bool _wide;
    private int _nameWidth = 22;
    private int _infoWidth = 34;

    public TransferRowView()
    {
        Height = 1;
        Width = Dim.Fill();
        CanFocus = false;
        _name = new Label { X = 0, Y = 0, Height = 1 }.NoHotKeys();
        Bar = new ProgressBar
        {
            Y = 0,
            Height = 1,
            ProgressBarStyle = ProgressBarStyle.Continuous,
            ProgressBarFormat = ProgressBarFormat.Simple,
        };
        _info = new Label { Y = 0, Height = 1 }.NoHotKeys();
        Add(_name, Bar, _info);
        Arrange(80);
    }

    public ProgressBar Bar { get; }

    public TransferRow? Row => _row;

    /// <summary>The name and info text as shown (for tests).</summary>
    public string ShownText => $"{_name.Text} {_info.Text}";

    /// <summary>Sizes the three parts for a pane <paramref name="width"/> cells wide.</summary>
    public void Arrange(int width)
    {
        _wide = width >= 120;
        var nameWidth = _wide ? 30 : Math.Clamp(width / 4, 12, 22);
        var infoWidth = _wide ? 76 : Math.Clamp(width - nameWidth - 12, 20, 40);
        _nameWidth = nameWidth;
        _infoWidth = infoWidth;
        _name.Width = nameWidth;
        Bar.X = nameWidth + 1;
        Bar.Width = Dim.Fill(infoWidth + 1);
        _info.X = Pos.AnchorEnd(infoWidth);
        _info.Width = infoWidth;
        if (_row is not null)
        {
            Show(_row, _selected, force: true);
        }
    }

    /// <summary>Shows <paramref name="row"/>; only what changed is set, so an idle pane draws nothing.</summary>
    public void Show(TransferRow row, bool selected, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!force && row == _row && selected == _selected)
        {
            return;
        }

        _row = row;
        _selected = selected;
        var name = TransferText.Fit((selected ? "▶" : "") + TransferText.Name(row), _nameWidth);
        if (_name.Text != name)
        {
            _name.Text = name;
        }

        // The bar is redrawn only when it would look different: a cell more or less, or a finished bar.
        var fraction = row.Total > 0 ? (float)Math.Clamp((double)row.Done / row.Total, 0, 1) : 0f;
        var cells = Math.Max(1, Bar.Frame.Width);
        if ((int)(fraction * cells) != (int)(Bar.Fraction * cells) || (fraction >= 1f) != (Bar.Fraction >= 1f) || force)
        {
            Bar.Fraction = fraction;
        }

        var info = TransferText.Fit(TransferText.Info(row, _wide), _infoWidth);
        if (_info.Text != info)
        {
            _info.Text = info;
        }
    }
}
