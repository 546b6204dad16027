using System.Text;
using System.Text.Unicode;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Bytes of a text upload (TXT, MD, CSV, HTML) to characters. The encoding is decided in this order:
/// a byte order mark (UTF-8, UTF-16 LE/BE); else, if the bytes hold a NUL, the file is binary (or UTF-16 without a
/// BOM, which cannot be told apart reliably) and is rejected; else strict UTF-8 validation of the whole file; else
/// Windows-1252, the usual legacy single-byte encoding (a superset of Latin-1's printable characters, so Latin-1
/// files read the same except for the rarely used C1 controls 0x80–0x9F, which 1252 maps to € ‚ „ … ’ “ ” etc.).
/// </summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <returns>The encoding and how many bytes of byte order mark precede the text.</returns>
    /// <exception cref="DocumentParseException">The file is empty or binary.</exception>
    public static (Encoding Encoding, int PreambleLength) Detect(byte[] content, string formatName)
    {
        if (content.Length == 0)
        {
            throw new DocumentParseException($"The {formatName} file is empty.");
        }

        if (content is [0xEF, 0xBB, 0xBF, ..])
        {
            return (Utf8NoBom, 3);
        }

        if (content is [0xFF, 0xFE, ..])
        {
            return (Encoding.Unicode, 2);
        }

        if (content is [0xFE, 0xFF, ..])
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        // NUL bytes do not occur in UTF-8 or single-byte text; they mean a binary file (or UTF-16 without a BOM).
        if (content.AsSpan().Contains((byte)0))
        {
            throw new DocumentParseException($"The {formatName} file is not text (it contains binary data).");
        }

        return (Utf8.IsValid(content) ? Utf8NoBom : Windows1252, 0);
    }

    /// <summary>A reader over the text (BOM skipped), for parsers that stream (CSV).</summary>
    public static TextReader OpenReader(byte[] content, string formatName)
    {
        var (encoding, skip) = Detect(content, formatName);
        return new StreamReader(
            new MemoryStream(content, skip, content.Length - skip, writable: false),
            encoding,
            detectEncodingFromByteOrderMarks: false,
            bufferSize: 64 * 1024);
    }

    /// <summary>The whole text with line ends normalised to <c>\n</c>.</summary>
    /// <exception cref="DocumentParseException">The file is empty, binary or blank.</exception>
    public static string Decode(byte[] content, string formatName)
    {
        var (encoding, skip) = Detect(content, formatName);
        var text = encoding.GetString(content, skip, content.Length - skip);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentParseException($"The {formatName} file contains no text.");
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }
}
