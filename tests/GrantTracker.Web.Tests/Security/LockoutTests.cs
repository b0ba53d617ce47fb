using System.Net;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Security;

public sealed class LockoutTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        // Its own app and database: the locked account must not leak into other tests.
        await using var factory = new GrantTrackerFactory();
        var client = factory.CreateBrowserlessClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await SignInAsync(client, "ekonom@demo.local", $"fel-lösenord-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await SignInAsync(client, "ekonom@demo.local", "Demo123!");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("tillfälligt låst", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_the_account()
    {
        await using var factory = new GrantTrackerFactory();
        var client = factory.CreateBrowserlessClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SignInAsync(client, "ekonom@demo.local", $"fel-lösenord-{attempt}");
        }
        var right = await SignInAsync(client, "ekonom@demo.local", "Demo123!");

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/konto/logga-in", "/konto/logga-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
}
