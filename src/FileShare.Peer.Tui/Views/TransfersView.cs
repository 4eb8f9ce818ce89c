using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace FileShare.Peer.Tui.Views;

/// <summary>
/// The rows of the transfers pane, running ones first. With the focus (F3), Up/Down select a row and Delete
/// cancels it.
/// </summary>
internal sealed class TransfersView : View
{
    private readonly List<TransferRowView> _views = [];
    private IReadOnlyList<TransferRow> _rows = [];
    private int _selected;
    private int _top;

    public TransfersView()
    {
        CanFocus = true;
        Empty = new Terminal.Gui.Views.Label { X = 0, Y = 0, Text = "no transfers yet: get <file> downloads in the background" };
        Add(Empty);
        HasFocusChanged += (_, _) => Show(_rows, force: true);
        FrameChanged += (_, _) => Show(_rows, force: true);
    }

    /// <summary>Delete (or Ctrl+X) on a selected row.</summary>
    public event EventHandler<TransferRow>? CancelRequested;

    public Terminal.Gui.Views.Label Empty { get; }

    public IReadOnlyList<TransferRowView> RowViews => _views;

    public TransferRow? Selected => _selected < _rows.Count ? _rows[_selected] : null;

    /// <summary>Shows the rows (running first, then finished, newest first), scrolled to keep the selection in view.</summary>
    public void Show(IReadOnlyList<TransferRow> rows, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows.Where(r => r.Running).Concat(rows.Where(r => !r.Running).Reverse()).ToList();
        var previous = Selected?.Id;
        _rows = ordered;
        if (previous is { } id && ordered.FindIndex(r => r.Id == id) is >= 0 and var kept)
        {
            _selected = kept;
        }

        _selected = Math.Clamp(_selected, 0, Math.Max(0, ordered.Count - 1));
        var capacity = Math.Max(1, Viewport.Height);
        _top = Math.Clamp(_top, Math.Max(0, _selected - capacity + 1), _selected);
        _top = Math.Clamp(_top, 0, Math.Max(0, ordered.Count - capacity));
        var shown = Math.Min(capacity, ordered.Count - _top);
        while (_views.Count < shown)
        {
            var view = new TransferRowView { Y = _views.Count };
            view.Arrange(Viewport.Width);
            _views.Add(view);
            Add(view);
            force = true;
        }

        while (_views.Count > shown)
        {
            var last = _views[^1];
            _views.RemoveAt(_views.Count - 1);
            Remove(last);
            last.Dispose();
        }

        for (var i = 0; i < shown; i++)
        {
            if (force)
            {
                _views[i].Arrange(Viewport.Width);
            }

            _views[i].Show(ordered[_top + i], HasFocus && _top + i == _selected, force);
        }

        if (Empty.Visible != (ordered.Count == 0))
        {
            Empty.Visible = ordered.Count == 0;
        }
    }

    protected override bool OnKeyDown(Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key == Key.CursorUp || key == Key.CursorDown)
        {
            _selected = Math.Clamp(_selected + (key == Key.CursorUp ? -1 : 1), 0, Math.Max(0, _rows.Count - 1));
            Show(_rows, force: true);
            return true;
        }

        if ((key == Key.Delete || key == Key.X.WithCtrl) && Selected is { } row)
        {
            CancelRequested?.Invoke(this, row);
            return true;
        }

        return base.OnKeyDown(key);
    }
}
