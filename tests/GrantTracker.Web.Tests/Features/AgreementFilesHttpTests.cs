using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;
using static GrantTracker.Web.Tests.Features.DefinitionHttp;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The agreement document and the region's decision over HTTP: attach, list, download, remove with confirmation, the upload
/// rules' refusals all at once, and who sees what (every role that reads the region's money; not an Utförare).
/// </summary>
public sealed class AgreementFilesHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nBeslut RS 2023/456 § 12\n%%EOF");

    private static async Task<HttpResponseMessage> AttachAsync(HttpClient client, int id, string kind, string reference, string fileName, byte[] bytes,
        string contentType = "application/pdf") =>
        await PostMultipartAsync(client, $"/overenskommelser/{id}/filer/ny", $"/overenskommelser/{id}/filer/ny",
            new Dictionary<string, string> { ["Form.Kind"] = kind, ["Form.Reference"] = reference }, ("Form.File", fileName, bytes, contentType));

    private static int FileId(string page, string fileName) =>
        int.Parse(Regex.Match(page, @"/filer/(\d+)"">" + Regex.Escape(fileName) + "<").Groups[1].Value);

    [Fact]
    public async Task An_officer_attaches_the_decision_with_its_reference_and_everyone_who_reads_the_money_downloads_it()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "filer-beslut", "7801");

        var attached = await AttachAsync(officer, id, "Decision", "RS 2023/456 § 12", "Beslut RS 2023-456.pdf", Pdf);

        Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("Filen Beslut RS 2023-456.pdf är bifogad (regionens beslut).", page);
        var files = Regex.Match(page, "data-testid=\"agreement-files\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>Regionens beslut</td>", files);
        Assert.Contains("<td>RS 2023/456 § 12</td>", files);
        Assert.Contains("av handlaggare@demo.local", files);
        var fileId = FileId(files, "Beslut RS 2023-456.pdf");
        foreach (var user in new[] { "handlaggare@demo.local", "ekonom@demo.local", "beslutsfattare@demo.local", "revisor@demo.local", "admin@demo.local" })
        {
            var client = await factory.SignedInAsync(user);
            var download = await client.GetAsync($"/overenskommelser/{id}/filer/{fileId}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal("Beslut RS 2023-456.pdf", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        }
        // Another agreement's address does not reach the file.
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/overenskommelser/{id + 1000}/filer/{fileId}")).StatusCode);
    }

    [Fact]
    public async Task A_file_of_the_wrong_type_and_a_decision_without_reference_are_refused_together_and_the_typed_reference_is_kept()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "filer-fel", "7802");

        var both = await AttachAsync(officer, id, "Decision", "", "beslut.exe", Pdf, "application/octet-stream");
        var typeOnly = await AttachAsync(officer, id, "Other", "Bilaga 1 till beslutet", "bilaga.exe", Pdf, "application/octet-stream");
        var empty = await AttachAsync(officer, id, "AgreementDocument", "", "tom.pdf", []);

        var html = await both.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal("Filen beslut.exe har en filtyp som inte tas emot. Bifoga pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt.", ErrorFor(html, "Form.File"));
        Assert.Equal("Ange beslutets referens, till exempel RS 2023/456 § 12.", ErrorFor(html, "Form.Reference"));
        Assert.Matches("id=\"kind-Decision\" value=\"Decision\" checked=\"checked\"", html);
        var typeHtml = await typeOnly.Content.ReadAsStringAsync();
        Assert.Equal("Bilaga 1 till beslutet", ValueOf(typeHtml, "Form.Reference"));
        Assert.Equal("", ErrorFor(typeHtml, "Form.Reference"));
        Assert.Equal("Välj filen att bifoga.", ErrorFor(await empty.Content.ReadAsStringAsync(), "Form.File"));
        Assert.Contains("data-testid=\"agreement-files-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}"));
    }

    [Fact]
    public async Task Removing_a_file_asks_first_and_then_removes_it()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "filer-bort", "7803");
        await AttachAsync(officer, id, "AgreementDocument", "", "Överenskommelse 2024.pdf", Pdf);
        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        var fileId = FileId(page, "Överenskommelse 2024.pdf");
        var action = $"/overenskommelser/{id}/filer/{fileId}/ta-bort";

        var ask = await officer.PostFormAsync($"/overenskommelser/{id}", action, new Dictionary<string, string>());
        var askHtml = WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Vill du ta bort filen Överenskommelse 2024.pdf (överenskommelsen) ur Överenskommelse filer-bort?", askHtml);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/overenskommelser/{id}/filer/{fileId}")).StatusCode);

        var confirmed = await officer.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirmed"] = "true", ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(askHtml),
        }));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("Filen Överenskommelse 2024.pdf är borttagen.", after);
        Assert.Contains("data-testid=\"agreement-files-empty\"", after);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/overenskommelser/{id}/filer/{fileId}")).StatusCode);
    }

    [Fact]
    public async Task An_auditor_sees_and_downloads_the_files_without_attach_or_remove_and_is_denied_both()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "filer-revisor", "7804");
        await AttachAsync(officer, id, "AgreementDocument", "", "overenskommelse.pdf", Pdf);
        var fileId = FileId(await officer.GetPageAsync($"/overenskommelser/{id}"), "overenskommelse.pdf");
        var auditor = await factory.SignedInAsync("revisor@demo.local");

        var page = await auditor.GetPageAsync($"/overenskommelser/{id}");
        var token = HttpClientFormExtensions.AntiforgeryToken(page);
        var form = await auditor.GetAsync($"/overenskommelser/{id}/filer/ny");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("AgreementDocument"), "Form.Kind" },
            { new ByteArrayContent(Pdf), "Form.File", "revisor.pdf" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var attach = await auditor.PostAsync($"/overenskommelser/{id}/filer/ny", upload);
        var remove = await auditor.PostAsync($"/overenskommelser/{id}/filer/{fileId}/ta-bort", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirmed"] = "true", ["__RequestVerificationToken"] = token,
        }));

        Assert.Contains(">overenskommelse.pdf<", page);
        Assert.DoesNotContain("/filer/ny", page);
        Assert.DoesNotContain("/ta-bort", Regex.Match(page, "data-testid=\"agreement-files\".*?</section>", RegexOptions.Singleline).Value);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/overenskommelser/{id}/filer/{fileId}")).StatusCode);
        Denied(form);
        Denied(attach);
        Denied(remove);
        var after = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains(">overenskommelse.pdf<", after);
        Assert.DoesNotContain("revisor.pdf", after);
    }

    [Fact]
    public async Task A_provider_does_not_see_the_files_and_may_not_download_them()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "filer-utforare", "7805");
        await AttachAsync(officer, id, "AgreementDocument", "", "overenskommelse.pdf", Pdf);
        var fileId = FileId(await officer.GetPageAsync($"/overenskommelser/{id}"), "overenskommelse.pdf");
        var provider = await factory.SignedInAsync("utforare@demo.local");

        var page = await provider.GetPageAsync($"/overenskommelser/{id}");
        var download = await provider.GetAsync($"/overenskommelser/{id}/filer/{fileId}");

        Assert.DoesNotContain("overenskommelse.pdf", page);
        Assert.DoesNotContain("agreement-files", page);
        Denied(download);
    }
}
