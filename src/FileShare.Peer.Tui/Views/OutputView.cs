using System.Drawing;
using FileShare.Peer.Core.Commands;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Color = Terminal.Gui.Drawing.Color;

namespace FileShare.Peer.Tui.Views;

/// <summary>
/// The output pane: the view-model's lines wrapped to the pane's width, errors in red and echoes in cyan. It
/// follows the newest line unless scrolled up (PgUp/PgDn from the command box, or the mouse wheel).
/// </summary>
internal sealed class OutputView : View
{
    private readonly TuiViewModel _vm;
    private readonly List<(int Entry, int Start, int Length)> _rows = [];
    private string[] _running = [];
    private int _wrappedWidth = -1;
    private long _wrappedAppended = -1;
    private bool _following = true;

    public OutputView(TuiViewModel viewModel)
    {
        _vm = viewModel;
        CanFocus = false;
        ViewportSettings |= ViewportSettingsFlags.HasVerticalScrollBar;
        AddCommand(Command.ScrollUp, () => Scroll(-3));
        AddCommand(Command.ScrollDown, () => Scroll(3));
        MouseBindings.Add(MouseFlags.WheeledUp, Command.ScrollUp);
        MouseBindings.Add(MouseFlags.WheeledDown, Command.ScrollDown);
        FrameChanged += (_, _) => Refresh();
    }

    /// <summary>Whether the newest line is in view (false after scrolling up).</summary>
    public bool Following => _following;

    /// <summary>Screen rows the wrapped output takes, with a row for each command still running.</summary>
    public int RowCount => _rows.Count + _running.Length;

    /// <summary>Re-wraps new lines (all lines after a resize) and keeps the newest in view unless scrolled up.</summary>
    public void Refresh()
    {
        var width = Math.Max(1, Viewport.Width);
        var runningChanged = !_running.SequenceEqual(_vm.Running);
        if (width == _wrappedWidth && _vm.Appended == _wrappedAppended && !runningChanged)
        {
            // Nothing new to wrap, but the pane may have shrunk (the transfers pane grew a row): stay on the newest.
            if (_following && Viewport.Y != Math.Max(0, RowCount - Viewport.Height))
            {
                FollowNewest();
                SetNeedsDraw();
            }

            return;
        }

        _running = [.. _vm.Running];
        var added = (int)Math.Min(_vm.Appended - _wrappedAppended, int.MaxValue);
        if (width != _wrappedWidth || _wrappedAppended < 0 || added > _vm.Output.Count || _vm.Output.Count == TuiViewModel.MaxOutputLines)
        {
            _rows.Clear();
            Wrap(0, width);
        }
        else if (added > 0)
        {
            Wrap(_vm.Output.Count - added, width);
        }

        _wrappedWidth = width;
        _wrappedAppended = _vm.Appended;
        SetContentSize(new Size(width, Math.Max(1, RowCount)));
        if (_following)
        {
            Viewport = Viewport with { Y = Math.Max(0, RowCount - Viewport.Height) };
        }

        SetNeedsDraw();
    }

    /// <summary>Scrolls by a page: -1 up, +1 down.</summary>
    public void Page(int direction) => Scroll(direction * Math.Max(1, Viewport.Height - 1));

    /// <summary>Jumps back to the newest line.</summary>
    public void FollowNewest()
    {
        _following = true;
        Viewport = Viewport with { Y = Math.Max(0, RowCount - Viewport.Height) };
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        var error = new Attribute(new Color(ColorName16.BrightRed), normal.Background);
        var echo = new Attribute(new Color(ColorName16.BrightCyan), normal.Background);
        var running = new Attribute(new Color(ColorName16.DarkGray), normal.Background);
        var width = Viewport.Width;
        for (var row = 0; row < Viewport.Height; row++)
        {
            var index = Viewport.Y + row;
            var text = "";
            var attribute = normal;
            if (index < _rows.Count && _rows[index].Entry < _vm.Output.Count)
            {
                var (entry, start, length) = _rows[index];
                var line = _vm.Output[entry];
                text = line.Text.Substring(start, length);
                attribute = line.IsEcho ? echo : line.Kind == OutputKind.Error ? error : normal;
            }
            else if (index >= _rows.Count && index - _rows.Count < _running.Length)
            {
                // A command still running: its echo, until its output arrives.
                text = $"> {_running[index - _rows.Count]}  …";
                attribute = running;
            }

            SetAttribute(attribute);
            Move(0, row);
            AddStr(text.Length >= width ? text[..width] : text.PadRight(width));
        }

        return true;
    }

    private void Wrap(int from, int width)
    {
        for (var i = Math.Max(0, from); i < _vm.Output.Count; i++)
        {
            var text = _vm.Output[i].Text;
            if (text.Length == 0)
            {
                _rows.Add((i, 0, 0));
                continue;
            }

            // Breaks at the last space that fits, or mid-word when a word is wider than the pane.
            var start = 0;
            while (text.Length - start > width)
            {
                var space = text.LastIndexOf(' ', start + width, width);
                var length = space > start ? space - start : width;
                _rows.Add((i, start, length));
                start += space > start ? length + 1 : length;
            }

            _rows.Add((i, start, text.Length - start));
        }
    }

    private bool Scroll(int rows)
    {
        var top = Math.Clamp(Viewport.Y + rows, 0, Math.Max(0, RowCount - Viewport.Height));
        Viewport = Viewport with { Y = top };
        _following = top >= Math.Max(0, RowCount - Viewport.Height);
        SetNeedsDraw();
        return true;
    }
}
