using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>Issue 25, "errors where the eye is": a refused form far down a page answers next to itself, in view.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SectionOutcomeJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_exception_comment_saved_without_text_is_refused_next_to_the_comment_form_and_in_view() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
            var reconciliation = await ReconciliationPage.OpenFromMenuAsync(page);
            await reconciliation.ChooseAgreementAsync("God och nära vård 2023");
            await reconciliation.ChooseMonthAsync("2023-03");

            var (message, inView, atTop) = await reconciliation.SaveEmptyCommentAsync();

            Assert.Equal("Skriv en kommentar som förklarar avvikelsen.", message);
            Assert.True(inView, "The refusal is in view when the page comes back at the exception.");
            Assert.False(atTop, "The refusal is not repeated at the top of the page.");
        });
}
