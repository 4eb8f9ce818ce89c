namespace FileShare.Peer.Tui.Input;

/// <summary>The text of the command box and the cursor in it, with the usual line-editing operations.</summary>
internal sealed class LineEditor
{
    private string _text = "";
    private int _cursor;

    public string Text => _text;

    /// <summary>Cursor position, 0..Text.Length.</summary>
    public int Cursor => _cursor;

    public string BeforeCursor => _text[.._cursor];

    public void SetText(string text, int? cursor = null)
    {
        _text = text;
        _cursor = Math.Clamp(cursor ?? text.Length, 0, text.Length);
    }

    public void Clear() => SetText("");

    public void Insert(string value)
    {
        _text = _text.Insert(_cursor, value);
        _cursor += value.Length;
    }

    public void Left() => _cursor = Math.Max(0, _cursor - 1);

    public void Right() => _cursor = Math.Min(_text.Length, _cursor + 1);

    public void Home() => _cursor = 0;

    public void End() => _cursor = _text.Length;

    public void Backspace()
    {
        if (_cursor > 0)
        {
            _text = _text.Remove(_cursor - 1, 1);
            _cursor--;
        }
    }

    public void Delete()
    {
        if (_cursor < _text.Length)
        {
            _text = _text.Remove(_cursor, 1);
        }
    }

    /// <summary>Ctrl+U: deletes from the start of the line to the cursor.</summary>
    public void DeleteToStart()
    {
        _text = _text[_cursor..];
        _cursor = 0;
    }

    /// <summary>Ctrl+W: deletes the word before the cursor and the spaces after it.</summary>
    public void DeleteWordBefore()
    {
        var start = _cursor;
        while (start > 0 && _text[start - 1] == ' ')
        {
            start--;
        }

        while (start > 0 && _text[start - 1] != ' ')
        {
            start--;
        }

        _text = _text.Remove(start, _cursor - start);
        _cursor = start;
    }

    /// <summary>Ctrl+K: deletes from the cursor to the end of the line.</summary>
    public void DeleteToEnd() => _text = _text[.._cursor];

    /// <summary>Alt+B: moves to the start of the word before the cursor.</summary>
    public void WordLeft()
    {
        while (_cursor > 0 && _text[_cursor - 1] == ' ')
        {
            _cursor--;
        }

        while (_cursor > 0 && _text[_cursor - 1] != ' ')
        {
            _cursor--;
        }
    }

    /// <summary>Alt+F: moves to the end of the word after the cursor.</summary>
    public void WordRight()
    {
        while (_cursor < _text.Length && _text[_cursor] == ' ')
        {
            _cursor++;
        }

        while (_cursor < _text.Length && _text[_cursor] != ' ')
        {
            _cursor++;
        }
    }
}
