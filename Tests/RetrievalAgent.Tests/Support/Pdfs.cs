using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>Builds small real PDFs in memory: one array of lines per page.</summary>
public static class Pdfs
{
    public static byte[] Build(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 11, new PdfPoint(50, y), font);
                y -= 16;
            }
        }

        return builder.Build();
    }

    /// <summary>One piece of text placed on a page: where its baseline starts and its font size.</summary>
    public sealed record Placed(string Text, double X, double Y, double Size = 11);

    /// <summary>Pages of text placed where a layout puts it (columns, running headers and footers, a cover page's title).</summary>
    public static byte[] Layout(params Placed[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var texts in pages)
        {
            var page = builder.AddPage(PageSize.Letter);
            foreach (var text in texts)
            {
                page.AddText(text.Text, text.Size, new PdfPoint(text.X, text.Y), font);
            }
        }

        return builder.Build();
    }

    /// <summary>A "%PDF-" header followed by random bytes: looks like a PDF, cannot be read as one.</summary>
    public static byte[] Corrupt(int seed = 7)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }
}
