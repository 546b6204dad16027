using System.Text;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>Bytes of a text upload to a string: UTF-8 (with or without BOM) or UTF-16 with BOM, else Latin-1.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] content, string formatName)
    {
        if (content.Length == 0)
        {
            throw new DocumentParseException($"The {formatName} file is empty.");
        }

        string text;
        if (content is [0xEF, 0xBB, 0xBF, ..])
        {
            text = Utf8OrLatin1(content.AsSpan(3));
        }
        else if (content is [0xFF, 0xFE, ..])
        {
            text = Encoding.Unicode.GetString(content, 2, content.Length - 2);
        }
        else if (content is [0xFE, 0xFF, ..])
        {
            text = Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2);
        }
        else
        {
            // NUL bytes do not occur in UTF-8 text; they mean a binary file (or UTF-16 without a BOM).
            if (Array.IndexOf(content, (byte)0) >= 0)
            {
                throw new DocumentParseException($"The {formatName} file is not text (it contains binary data).");
            }

            text = Utf8OrLatin1(content);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentParseException($"The {formatName} file contains no text.");
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static string Utf8OrLatin1(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Legacy single-byte text: Latin-1 maps every byte, so nothing is lost or rejected.
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
