using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>An app of its own: the journey adds an agreement with a deadline, which the other journeys' deadline lists must not see.</summary>
[CollectionDefinition(Name)]
public sealed class DefinitionCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser, agreement definition";
}

/// <summary>
/// An officer sets up a new agreement's conditions, reporting obligation, reporting requirement and cost object from the agreement
/// page, as a browser does it: each empty page, each refused form and each list passes the accessibility scan, and the deadline is
/// then on Deadlines.
/// </summary>
[Collection(DefinitionCollection.Name)]
public sealed class DefinitionJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_officer_sets_up_conditions_a_deadline_a_requirement_and_a_cost_object_of_a_new_agreement() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            await page.GotoAsync("overenskommelser/ny");
            await page.GetByLabel("Kod", new() { Exact = true }).FillAsync("kvinnohalsa2031");
            await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Kvinnors hälsa 2031");
            await page.GetByLabel("Startdatum").FillAsync("2031-01-01");
            await page.GetByLabel("Slutdatum").FillAsync("2031-12-31");
            await page.GetByLabel("Regionens tilldelning (kr)").FillAsync("2 000 000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await page.WaitForURLAsync("**/overenskommelser/*");
            var agreementUrl = page.Url;

            // Villkor: empty, refused with both errors, then saved.
            await page.GetByRole(AriaRole.Link, new() { Name = "Ändra villkor", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("conditions-empty")).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Nytt villkor", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Ange avsnittet villkoret står i, till exempel 3.3.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Skriv villkoret som det står i överenskommelsen.")).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GetByLabel("Avsnitt").FillAsync("3.3");
            await page.GetByLabel("Villkor", new() { Exact = true }).FillAsync("Befintliga resurser används först.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("condition-list")).ToContainTextAsync("Befintliga resurser används först.");
            await Accessibility.AssertNoViolationsAsync(page);

            // Rapporteringskrav: the final report, with an assumed date.
            await page.GetByRole(AriaRole.Link, new() { Name = "Rapporteringskrav", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("obligations-empty")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Nytt rapporteringskrav", Exact = true }).ClickAsync();
            await page.GetByLabel("Rubrik").FillAsync("Slutredovisning av Kvinnors hälsa 2031");
            await page.GetByLabel("Mottagare").FillAsync("Socialstyrelsen");
            await page.GetByLabel("Senast").FillAsync("2032-03-31");
            await page.GetByLabel("Datumet är antaget").CheckAsync();
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("obligation-list")).ToContainTextAsync("2032-03-31 (antaget)");
            await Accessibility.AssertNoViolationsAsync(page);

            // Återrapporteringskrav: an indicator split by sex.
            await page.GetByRole(AriaRole.Link, new() { Name = "Återrapporteringskrav", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("requirements-empty")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Nytt återrapporteringskrav", Exact = true }).ClickAsync();
            await page.GetByLabel("Kod", new() { Exact = true }).FillAsync("barnmorska");
            await page.GetByLabel("Avsnitt").FillAsync("2.3");
            await page.GetByLabel("Slag", new() { Exact = true }).SelectOptionAsync("Indicator");
            await page.GetByLabel("Vad ska redovisas").FillAsync("Andel gravida som träffat barnmorska före vecka 12");
            await page.GetByLabel("Enhet").FillAsync("%");
            await page.GetByLabel("Målvärde").FillAsync("åttio");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Målvärdet ”åttio” är inte ett tal.")).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GetByLabel("Målvärde").FillAsync("80");
            await page.GetByLabel("Målets riktning").SelectOptionAsync("AtLeast");
            await page.GetByLabel("Redovisas för kvinnor och män var för sig").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("requirement-list")).ToContainTextAsync("minst 80 %");
            await Accessibility.AssertNoViolationsAsync(page);

            // Kostnadsobjekt: none before a line books on one.
            await page.GetByRole(AriaRole.Link, new() { Name = "Kostnadsobjekt", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("cost-objects-empty")).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page);

            // Back on the agreement page: the requirement is listed; the deadline is on Deadlines.
            await page.GotoAsync(agreementUrl);
            await Assertions.Expect(page.GetByTestId("agreement-requirement-barnmorska")).ToContainTextAsync("kvinnor och män var för sig");
            await Assertions.Expect(page.GetByTestId("conditions")).ToContainTextAsync("Befintliga resurser används först.");
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GotoAsync("deadlines");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Slutredovisning av Kvinnors hälsa 2031" }).First).ToBeVisibleAsync();
        });
}
