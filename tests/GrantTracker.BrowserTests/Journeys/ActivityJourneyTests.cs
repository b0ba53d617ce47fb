using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class ActivityJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_activity_is_prepared_only_when_it_has_what_a_decision_needs_and_is_then_approved() =>
        InBrowsersAsync(async (officer, decisionMaker) =>
        {
            await (await SignInPage.OpenAsync(officer)).SignInAsync("handlaggare@demo.local");
            var agreement = await (await AgreementListPage.OpenFromMenuAsync(officer)).OpenAgreementAsync("God och nära vård 2023");
            var form = await ActivityFormPage.OpenFromAgreementAsync(officer);
            var activity = await form.RegisterAsync("2.4 ", "Point-of-care-provtagning i fler ambulanser", "400 000");
            Assert.Equal("Utkast", await activity.StatusAsync());

            var refusal = await activity.PrepareRefusedAsync();
            Assert.Contains("Insatsen kan inte beredas för beslut än.", refusal);
            Assert.Contains("Ansvarig saknas", refusal);
            Assert.Contains("Period saknas", refusal);
            Assert.Contains("Exitbudget saknas", refusal);
            Assert.DoesNotContain("Budget saknas", refusal);
            Assert.Equal("Utkast", await activity.StatusAsync());

            await activity.SetResponsibleAndPeriodAsync("Verksamhetschef för ambulanssjukvården", "2023-04-01", "2023-12-31");
            await activity.AddWindDownExitPlanAsync("2024-06-30", "Provtagningen övergår i ambulansverksamhetens ordinarie budget eller avslutas vid halvårsskiftet 2024.");
            Assert.Contains("Exitbudgeten är sparad och komplett", await activity.MessageAsync());
            await activity.PrepareAsync();

            await (await SignInPage.OpenAsync(decisionMaker)).SignInAsync("beslutsfattare@demo.local");
            var decided = await ActivityPage.OpenAsync(decisionMaker, activity.Path);
            Assert.Null(await decided.ApproveAsync("RS 2023/145 §12"));
            Assert.Equal("Beslutad", await decided.StatusAsync());
            await decided.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "insats-beslutad.png"));
        });
}
