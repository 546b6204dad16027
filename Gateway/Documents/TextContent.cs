using System.Text;
using System.Text.Unicode;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Accepts the encodings the RetrievalAgent decodes for text uploads (CSV, TXT, MD, HTML): UTF-8 with or without BOM,
/// UTF-16 with BOM, and — when the bytes are not valid UTF-8 — a single-byte legacy encoding read as Windows-1252.
/// Rejects what is not text: NUL bytes outside UTF-16, other control characters, or UTF-16 that does not decode.
/// </summary>
internal static class TextContent
{
    private static readonly UnicodeEncoding StrictUtf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    public static string? Problem(byte[] content, string extension)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            var encoding = bytes[0] == 0xFF ? StrictUtf16Le : StrictUtf16Be;
            try
            {
                return bytes.Length % 2 != 0
                    ? $"The {extension} file starts with a UTF-16 byte order mark but has an odd number of bytes."
                    : HasControlCharacters(encoding.GetString(bytes[2..])) ? NotText(extension) : null;
            }
            catch (DecoderFallbackException)
            {
                return $"The {extension} file starts with a UTF-16 byte order mark but is not valid UTF-16.";
            }
        }

        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            bytes = bytes[3..];
        }

        // Valid UTF-8 or not (then Windows-1252), the bytes below 0x20 mean the same: only tab and line ends belong in text.
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return NotText(extension);
            }
        }

        return null;
    }

    /// <summary>What the RetrievalAgent will decode the bytes as (for the upload log line; never the content itself).</summary>
    public static string EncodingName(byte[] content) =>
        content is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] ? "utf-16"
        : Utf8.IsValid(content) ? "utf-8"
        : "windows-1252";

    /// <summary>The text as the RetrievalAgent will read it (Windows-1252 read as Latin-1: the same one character per byte, for counting).</summary>
    public static string Decode(byte[] content) => EncodingName(content) switch
    {
        "utf-16" => (content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(content, 2, content.Length - 2),
        "utf-8" => Encoding.UTF8.GetString(content.AsSpan(content is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0)),
        _ => Encoding.Latin1.GetString(content),
    };

    private static bool HasControlCharacters(string text) =>
        text.AsSpan().IndexOfAnyInRange('\0', '\u0008') >= 0 || text.AsSpan().IndexOfAnyInRange('\u000E', '\u001F') >= 0 || text.Contains('\u000B');

    private static string NotText(string extension) =>
        $"The {extension} file is not text: it contains NUL or other control bytes (binary data). Text files may be UTF-8, UTF-16 with a byte order mark, or Windows-1252.";
}
