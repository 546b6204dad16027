using System.Globalization;

namespace Switchboard.Gateway.Documents;

/// <summary>Makes a client-supplied file name safe to store and show: no folders, no control or invisible formatting characters.</summary>
public static class FileNames
{
    public const int MaxLength = 200;

    public static string Sanitize(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return string.Empty;
        }

        // Both separators, whatever the server's OS: "..\..\x.pdf" from Windows clients is a path too.
        var lastSeparator = fileName.LastIndexOfAny(['/', '\\']);
        var name = fileName[(lastSeparator + 1)..];

        // Format characters include right-to-left overrides that make "gpj.exe" display as "exe.jpg".
        name = new string(name.Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray()).Trim();
        if (name is "." or "..")
        {
            return string.Empty;
        }

        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length < 16 ? name[..(MaxLength - extension.Length)] + extension : name[..MaxLength];
        }

        return name;
    }
}
