using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>An app of its own: the journey adds agreements (and a draft with 2024 deadlines) that the other journeys' lists do not expect.</summary>
[CollectionDefinition(Name)]
public sealed class DefinitionFileCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser, agreement definition file";
}

/// <summary>An officer sets up a new agreement from a file and carries another forward to next year, as the user guide tells it.</summary>
[Collection(DefinitionFileCollection.Name)]
public sealed class DefinitionFileJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_officer_imports_a_definition_file_and_carries_an_agreement_forward_as_a_draft_that_is_checked_and_made_active() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            await AgreementListPage.OpenFromMenuAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "Importera från fil" }).ClickAsync();
            await page.GetByLabel("Definitionsfil").SetInputFilesAsync(Path.Combine(RepositoryRoot(), "docs", "agreement-definition.example.json"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Importera", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(AgreementPage.Url());

            Assert.Equal("Nära vård i hela länet 2024", await new AgreementPage(page).NameAsync());
            Assert.Equal("Befolkningsdel", Text.Normalize(await page.GetByTestId("line-name-1.a").InnerTextAsync()));
            Assert.Equal("Aktiv", await page.GetByTestId("agreement-status").InnerTextAsync());

            await AgreementListPage.OpenFromMenuAsync(page);
            await new AgreementListPage(page).OpenAgreementAsync("God och nära vård 2023");
            await page.GetByTestId("copy-next-year").Locator("summary").ClickAsync();
            await page.GetByLabel("År", new() { Exact = true }).FillAsync("2024");
            await page.GetByRole(AriaRole.Button, new() { Name = "Skapa utkast" }).ClickAsync();
            await page.WaitForURLAsync(AgreementPage.Url());

            Assert.Equal("God och nära vård 2024", await new AgreementPage(page).NameAsync());
            Assert.Equal("Utkast", await page.GetByTestId("agreement-status").InnerTextAsync());
            var checklist = Text.Normalize(await page.GetByTestId("draft-checklist").InnerTextAsync());
            Assert.Contains("Nationella nycklar att fylla i", checklist);
            Assert.Contains("2025-03-31: Slutredovisning – Slutredovisning av God och nära vård 2024 till Socialstyrelsen.", checklist);
            await Accessibility.AssertNoViolationsAsync(page);

            await page.GetByTestId("activate").ClickAsync();
            await page.GetByText("Överenskommelsen är aktiv.").WaitForAsync();
            Assert.Equal("Aktiv", await page.GetByTestId("agreement-status").InnerTextAsync());
        });

    [Fact]
    public Task The_import_page_has_no_accessibility_violations_with_a_refusal_on_it() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            await page.GotoAsync("overenskommelser/importera");
            await page.GetByRole(AriaRole.Button, new() { Name = "Importera", Exact = true }).ClickAsync();
            await page.GetByTestId("definition-errors").WaitForAsync();

            await Accessibility.AssertNoViolationsAsync(page);
        });
}
