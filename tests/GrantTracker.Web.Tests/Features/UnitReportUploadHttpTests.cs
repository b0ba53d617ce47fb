using System.IO.Compression;
using System.Net;
using System.Text;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Issue 23, point 6: a unit's report takes documents only, by name and by content.</summary>
public sealed partial class UnitReportHttpTests
{
    private static byte[] MacroPackage(string mainPart)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", mainPart, Path.GetDirectoryName(mainPart)!.Replace('\\', '/') + "/vbaProject.bin" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        }
        return stream.ToArray();
    }

    public static TheoryData<string, string> NotDocuments => new()
    {
        { "program.exe", "Filen program.exe har en filtyp som inte tas emot." },
        { "sida.html", "Filen sida.html har en filtyp som inte tas emot." },
        { "bild.svg", "Filen bild.svg har en filtyp som inte tas emot." },
        { "skript.js", "Filen skript.js har en filtyp som inte tas emot." },
        { "budget.xlsm", "Filen budget.xlsm har en filtyp som inte tas emot." },
        { "brev.docm", "Filen brev.docm har en filtyp som inte tas emot." },
        { "utan-filandelse", "Filen utan-filandelse har en filtyp som inte tas emot." },
        { "x\u202Efdp.exe", "Filen xfdp.exe har en filtyp som inte tas emot." },
        { "budget.xlsx", "Filen budget.xlsx innehåller makron och tas inte emot." },
        { "underlag.pdf", "Filen underlag.pdf är inte en pdf-fil: innehållet stämmer inte med filändelsen." },
    };

    [Theory]
    [MemberData(nameof(NotDocuments))]
    public async Task A_unit_report_with_an_attachment_that_is_not_a_document_is_refused_in_Swedish_and_nothing_is_saved(string name, string refusal)
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var bytes = name.EndsWith(".xlsx", StringComparison.Ordinal) ? MacroPackage("xl/workbook.xml") : Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>");

        var refused = await ReportAsync(provider, url, OwnUnit, "Personal", "1 000", "Kortare köer", (name, bytes));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains(refusal, html);
        Assert.Contains("pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt", html);
        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal); // culture-aware comparison ignores format characters
        var page = await provider.GetPageAsync(url);
        Assert.Contains("Lämna återrapport", page); // no report was saved
        Assert.DoesNotContain("/aterrapport/fil/", page);
    }
}
