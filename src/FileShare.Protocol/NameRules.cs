using System.Text;

namespace FileShare.Protocol;

/// <summary>The naming rules shared by tracker and peer. Each check returns null when the name is fine, else the reason.</summary>
public static class NameRules
{
    // Built once: an encoding built per check cost get 96 bytes and a few hundred nanoseconds per request.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A file name: 1 to 255 bytes of UTF-8, no '/', '\', NUL or control characters, not "." or "..".
    /// </summary>
    public static string? CheckFileName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "File name is empty";
        }

        if (name is "." or "..")
        {
            return "File name cannot be '.' or '..'";
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return "File name is not valid Unicode";
        }

        if (byteCount > ProtocolLimits.MaxFileNameBytes)
        {
            return $"File name is longer than {ProtocolLimits.MaxFileNameBytes} bytes";
        }

        foreach (var c in name)
        {
            if (c is '/' or '\\')
            {
                return "File name cannot contain '/' or '\\'";
            }

            if (char.IsControl(c))
            {
                return "File name cannot contain control characters";
            }
        }

        return null;
    }

    /// <summary>A user name for a new account: 1 to 32 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    public static string? CheckNewUserName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "User name is empty";
        }

        if (name.Length > ProtocolLimits.MaxNewUserNameLength)
        {
            return $"User name is longer than {ProtocolLimits.MaxNewUserNameLength} characters";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return "User name may only use letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }

    /// <summary>A user name as it may appear in credentials.txt: 1 to 64 bytes, printable, no spaces.</summary>
    public static string? CheckExistingUserName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "User name is empty";
        }

        if (Encoding.UTF8.GetByteCount(name) > ProtocolLimits.MaxUserNameBytes)
        {
            return $"User name is longer than {ProtocolLimits.MaxUserNameBytes} bytes";
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "User name cannot contain spaces or control characters";
            }
        }

        return null;
    }

    /// <summary>A password for a new account or a change: 1 to 64 printable ASCII characters, no spaces.</summary>
    public static string? CheckNewPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Password is empty";
        }

        if (password.Length > ProtocolLimits.MaxPasswordLength)
        {
            return $"Password is longer than {ProtocolLimits.MaxPasswordLength} characters";
        }

        foreach (var c in password)
        {
            if (c <= ' ' || c > '~')
            {
                return "Password may only use printable ASCII characters without spaces";
            }
        }

        return null;
    }
}
