using System.Text;
using FileShare.Peer.Tui.Input;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace FileShare.Peer.Tui.Views;

/// <summary>
/// The command box: Enter submits, Up/Down browse the history, Tab completes, PgUp/PgDn scroll the output,
/// readline keys (Ctrl+A/E/U/W/K, Alt+B/F) edit, and passwords are drawn as stars.
/// </summary>
internal sealed class CommandField : TextField
{
    private readonly CommandHistory _history;
    private readonly CompletionSources _sources;

    public CommandField(CommandHistory history, CompletionSources sources)
    {
        _history = history;
        _sources = sources;
    }

    /// <summary>A line was submitted with Enter (the raw text, password included).</summary>
    public event EventHandler<string>? Submitted;

    /// <summary>PgUp (-1) or PgDn (+1).</summary>
    public event EventHandler<int>? PageRequested;

    /// <summary>The candidates after an ambiguous Tab; empty after any other key.</summary>
    public event EventHandler<IReadOnlyList<string>>? CandidatesChanged;

    protected override bool OnKeyDown(Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key != Key.Tab)
        {
            CandidatesChanged?.Invoke(this, []);
        }

        if (key == Key.Enter)
        {
            var line = Text;
            SetLine("", 0);
            Submitted?.Invoke(this, line);
            return true;
        }

        if (key == Key.CursorUp || key == Key.CursorDown)
        {
            var entry = key == Key.CursorUp ? _history.Previous(Text) : _history.Next();
            if (entry is not null)
            {
                SetLine(entry, entry.Length);
            }

            return true;
        }

        if (key == Key.Tab)
        {
            var completion = Completer.Complete(Text, Math.Clamp(InsertionPoint, 0, Text.Length), _sources);
            SetLine(completion.Text, completion.Cursor);
            CandidatesChanged?.Invoke(this, completion.Candidates);
            return true;
        }

        if (key == Key.PageUp || key == Key.PageDown)
        {
            PageRequested?.Invoke(this, key == Key.PageUp ? -1 : 1);
            return true;
        }

        return Edit(key) || base.OnKeyDown(key);
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var handled = base.OnDrawingContent(context);
        var text = Text;
        var start = Secrets.PasswordStart(text);
        if (start < 0)
        {
            return handled;
        }

        // Stars over the password cells: the password is never drawn (single-width text, as typed at a prompt).
        SetAttribute(GetAttributeForRole(HasFocus ? VisualRole.Focus : VisualRole.Editable));
        for (var i = Math.Max(start, ScrollOffset); i < text.Length; i++)
        {
            var column = i - ScrollOffset;
            if (column >= Viewport.Width)
            {
                break;
            }

            if (text[i] != ' ')
            {
                Move(column, 0);
                AddRune(new Rune('*'));
            }
        }

        return handled;
    }

    /// <summary>Sets the text and the cursor (also for tests).</summary>
    public void SetLine(string text, int cursor)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        InsertionPoint = Math.Clamp(cursor, 0, text.Length);
    }

    // The readline keys, on the same line-editing rules the history and completion use.
    private bool Edit(Key key)
    {
        Action<LineEditor>? edit = null;
        if (key == Key.A.WithCtrl)
        {
            edit = e => e.Home();
        }
        else if (key == Key.E.WithCtrl)
        {
            edit = e => e.End();
        }
        else if (key == Key.U.WithCtrl)
        {
            edit = e => e.DeleteToStart();
        }
        else if (key == Key.W.WithCtrl)
        {
            edit = e => e.DeleteWordBefore();
        }
        else if (key == Key.K.WithCtrl)
        {
            edit = e => e.DeleteToEnd();
        }
        else if (key == Key.B.WithAlt)
        {
            edit = e => e.WordLeft();
        }
        else if (key == Key.F.WithAlt)
        {
            edit = e => e.WordRight();
        }

        if (edit is null)
        {
            return false;
        }

        var editor = new LineEditor();
        editor.SetText(Text, Math.Clamp(InsertionPoint, 0, Text.Length));
        edit(editor);
        if (editor.Text != Text)
        {
            Text = editor.Text;
        }

        InsertionPoint = editor.Cursor;
        return true;
    }
}
