using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 23, points 6 and 7 over HTTP: requirement evidence, the report sent ("Markera som inskickad") and an agreement's
/// files refuse what is not a document, whatever it is called, and say in Swedish what is taken; nothing is kept and the
/// pages work after. (Unit report attachments: <see cref="UnitReportHttpTests"/>.)
/// </summary>
public sealed class UploadHttpTests : IDisposable
{
    private const string Requirements = "/rapporter/aterrapportering?avtal=gnv2023&ar=2023";
    private const string Allowed = "Bifoga pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt.";
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nunderlag\n%%EOF");
    private static readonly byte[] Html = Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>");

    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A .docm renamed .docx: a Word package with a VBA project.</summary>
    private static byte[] MacroDocument()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        }
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> PostFilesAsync(HttpClient client, string page, string action, IDictionary<string, string> fields, string field,
        params (string Name, byte[] Bytes)[] files)
    {
        using var content = new MultipartFormDataContent { { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // what a lying client says
            content.Add(part, field, name);
        }
        return await client.PostAsync(action, content);
    }

    [Theory]
    [InlineData("program.exe", "Filen program.exe har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("sida.html", "Filen sida.html har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("bild.svg", "Filen bild.svg har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("skript.js", "Filen skript.js har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("README", "Filen README har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("x\u202Efdp.exe", "Filen xfdp.exe har en filtyp som inte tas emot. " + Allowed)]
    [InlineData("faktura.pdf", "Filen faktura.pdf är inte en pdf-fil: innehållet stämmer inte med filändelsen.")]
    public async Task Requirement_evidence_that_is_not_a_document_is_refused_and_nothing_is_kept(string name, string refusal)
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var page = await officer.GetStringAsync(Requirements);
        var id = Regex.Match(page, "name=\"requirementId\" value=\"([0-9]+)\"").Groups[1].Value;

        var refused = await PostFilesAsync(officer, page, "/rapporter/aterrapportering/bilaga", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = id,
        }, "files", (name, Html));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var shown = await officer.GetPageAsync(Requirements);
        Assert.Contains(refusal, shown);
        Assert.DoesNotContain("/rapporter/aterrapportering/bilaga/", shown); // no file kept, no link
        Assert.Contains("accept=\".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.csv,.txt\"", shown);

        var taken = await PostFilesAsync(officer, shown, "/rapporter/aterrapportering/bilaga", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = id,
        }, "files", ("underlag.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Contains("Filen är bifogad.", await officer.GetPageAsync(Requirements));
    }

    [Fact]
    public async Task A_report_sent_as_a_web_page_is_refused_and_the_report_stays_unsent()
    {
        int id;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ListDeadlinesQuery())).Rows.First(r => r.Kind == ObligationKind.Slutredovisning).Id;
        }
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var page = await officer.GetStringAsync($"/deadlines/{id}");

        var refused = await PostFilesAsync(officer, page, $"/deadlines/{id}/inskickad", new Dictionary<string, string> { ["sentOn"] = "2024-03-28" }, "file",
            ("Slutredovisning\u202Elmth.pdf", Html));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var shown = await officer.GetPageAsync($"/deadlines/{id}");
        Assert.Contains("Filen Slutredovisninglmth.pdf är inte en pdf-fil", shown);
        Assert.Contains("Markera som inskickad", shown);
        Assert.DoesNotContain("/deadlines/fil/", shown);
    }

    [Fact]
    public async Task An_agreement_file_with_macros_is_refused_with_the_form_shown_again()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        int id;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<GrantTracker.Application.Data.AppDbContext>().Agreements.FirstAsync()).Id;
        }
        var page = await officer.GetStringAsync($"/overenskommelser/{id}/filer/ny");

        var refused = await PostFilesAsync(officer, page, $"/overenskommelser/{id}/filer/ny", new Dictionary<string, string> { ["Form.Kind"] = "AgreementDocument" },
            "Form.File", ("overenskommelse.docx", MacroDocument()));

        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("Filen overenskommelse.docx innehåller makron och tas inte emot.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("overenskommelse.docx", await officer.GetPageAsync($"/overenskommelser/{id}"));
    }
}
