using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class ActivityJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_activity_is_refused_without_an_exit_budget_and_approved_with_one() =>
        InBrowsersAsync(async (officer, decisionMaker) =>
        {
            await (await SignInPage.OpenAsync(officer)).SignInAsync("handlaggare@demo.local");
            var agreement = await (await AgreementListPage.OpenFromMenuAsync(officer)).OpenAgreementAsync("God och nära vård 2023");
            var form = await ActivityFormPage.OpenFromAgreementAsync(officer);
            var activity = await form.RegisterAsync("2.4 ", "Point-of-care-provtagning i fler ambulanser", "400 000");
            Assert.Equal("Utkast", await activity.StatusAsync());
            await activity.PrepareAsync();

            await (await SignInPage.OpenAsync(decisionMaker)).SignInAsync("beslutsfattare@demo.local");
            var decided = await ActivityPage.OpenAsync(decisionMaker, activity.Path);
            var refusal = await decided.ApproveAsync("RS 2023/145 §12");
            Assert.NotNull(refusal);
            Assert.Contains("Insatsen kan inte beslutas utan exitbudget", refusal);

            await activity.AddWindDownExitPlanAsync("2024-06-30", "Provtagningen övergår i ambulansverksamhetens ordinarie budget eller avslutas vid halvårsskiftet 2024.");
            Assert.Contains("Exitbudgeten är sparad och komplett", await activity.MessageAsync());

            decided = await ActivityPage.OpenAsync(decisionMaker, activity.Path);
            Assert.Null(await decided.ApproveAsync("RS 2023/145 §12"));
            Assert.Equal("Beslutad", await decided.StatusAsync());
            await decided.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "insats-beslutad.png"));
        });
}
