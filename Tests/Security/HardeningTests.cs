using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API8 (security misconfiguration) and API10-adjacent upload abuse: the web UI and API carry a strict CSP and the
/// other browser hardening headers, the UI has no inline script for the CSP to have to allow, and an upload whose bytes
/// are not what its declared type says is refused before it is catalogued.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed partial class HardeningTests(SecurityStack stack)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/v1/documents")]
    public async Task Responses_carry_a_strict_content_security_policy_and_hardening_headers(string path)
    {
        using var http = stack.Client(path.StartsWith("/v1", StringComparison.Ordinal) ? stack.Authority.Token("hanna", ["reader"]) : null);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_web_ui_has_no_inline_script_or_event_handler()
    {
        using var http = stack.Client(null);
        var html = await http.GetStringAsync("/");
        Assert.Contains("<script src=", html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandler(), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, string, string> Disguised => new()
    {
        // declared type, file name, what the bytes really are
        { "application/pdf", "report.pdf", "text" },
        { "text/markdown", "notes.md", "elf" },
        { "text/plain", "notes.txt", "zip" },
        { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "memo.docx", "pdf" },
        { "text/csv", "table.csv", "png" },
    };

    [Theory]
    [MemberData(nameof(Disguised))]
    public async Task An_upload_whose_bytes_are_not_its_declared_type_is_refused(string contentType, string fileName, string really)
    {
        var bytes = really switch
        {
            "text" => Encoding.UTF8.GetBytes("just some text pretending to be a PDF"),
            "elf" => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0, 0, 0xFF, 0xFE, 0],
            "zip" => [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0, 0xFF, 0x00, 0x01, 0x02],
            "pdf" => Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF"),
            _ => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0xFF],
        };
        using var http = stack.Client(stack.Authority.Token("dora-disguise", ["contributor"]));
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        using var response = await http.PostAsync("/v1/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{really} as {contentType}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
