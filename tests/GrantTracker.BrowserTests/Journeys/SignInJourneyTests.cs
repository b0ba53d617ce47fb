using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_wrong_password_shows_the_Swedish_error_and_keeps_the_user_on_the_sign_in_page() =>
        InBrowserAsync(async page =>
        {
            var signIn = await SignInPage.OpenAsync(page);

            // A user no other journey signs in as: failed attempts count towards the lockout.
            await signIn.SubmitAsync("revisor@demo.local", "FelLösenord1!");

            Assert.StartsWith("Fel e-post eller lösenord", await signIn.ErrorAsync());
            Assert.EndsWith("/konto/logga-in", new Uri(page.Url).AbsolutePath);
        });
}
