using System.Text;
using Terminal.Gui.ViewBase;

namespace FileShare.Peer.Tui.Views;

/// <summary>Turns off hot keys on views that show names: an underscore in a file or user name is text, not a hot key.</summary>
internal static class PlainText
{
    /// <summary>Terminal.Gui's value for "no hot-key specifier".</summary>
    private static readonly Rune None = (Rune)0xFFFF;

    public static T NoHotKeys<T>(this T view)
        where T : View
    {
        ArgumentNullException.ThrowIfNull(view);
        view.HotKeySpecifier = None;
        return view;
    }
}
