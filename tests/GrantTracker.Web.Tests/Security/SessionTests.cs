using System.Net;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// Signing out ends the session: the cookie, and every copy of it, opens nothing afterwards. A changed password, a
/// removed role or a removed user ends a session within the security stamp's validation interval (a minute).
/// </summary>
public sealed class SessionTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();
    private readonly MovableClock _clock = new();
    private readonly WebApplicationFactory<Program> _app;

    public SessionTests() =>
        _app = _factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = _clock)));

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_signing_out_does_not_open_the_audit_trail_afterwards()
    {
        var admin = await CookieSignIn.SignInAsync(_app, "admin@demo.local");
        var copy = admin.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/granskningslogg", cookieHeader: copy)).StatusCode);

        var signedOut = await admin.PostFormAsync("/", "/konto/logga-ut");
        var replay = await admin.SendAsync(HttpMethod.Get, "/granskningslogg", cookieHeader: copy);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/konto/logga-in", replay.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Signing_out_ends_only_that_session()
    {
        var first = await CookieSignIn.SignInAsync(_app, "revisor@demo.local");
        var second = await CookieSignIn.SignInAsync(_app, "revisor@demo.local");

        await first.PostFormAsync("/", "/konto/logga-ut");

        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(HttpMethod.Get, "/granskningslogg")).StatusCode);
    }

    [Fact]
    public async Task A_changed_password_ends_other_sessions_within_a_minute()
    {
        var session = await CookieSignIn.SignInAsync(_app, "handlaggare@demo.local");
        await WithUserAsync("handlaggare@demo.local", async (users, user) =>
            Assert.True((await users.ChangePasswordAsync(user, "Demo123!", "Nytt-L0senord!")).Succeeded));

        _clock.Offset = Sessions.ValidationInterval + TimeSpan.FromSeconds(1);
        var after = await session.SendAsync(HttpMethod.Get, "/overenskommelser");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/konto/logga-in", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_removed_role_is_gone_from_the_session_within_a_minute()
    {
        var session = await CookieSignIn.SignInAsync(_app, "admin@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await session.SendAsync(HttpMethod.Get, "/granskningslogg")).StatusCode);
        await WithUserAsync("admin@demo.local", async (users, user) =>
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Administrator)).Succeeded));

        _clock.Offset = Sessions.ValidationInterval + TimeSpan.FromSeconds(1);
        var after = await session.SendAsync(HttpMethod.Get, "/granskningslogg");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/konto/nekad", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_removed_user_is_signed_out_within_a_minute()
    {
        var session = await CookieSignIn.SignInAsync(_app, "beslutsfattare@demo.local");
        await WithUserAsync("beslutsfattare@demo.local", async (users, user) => Assert.True((await users.DeleteAsync(user)).Succeeded));

        _clock.Offset = Sessions.ValidationInterval + TimeSpan.FromSeconds(1);
        var after = await session.SendAsync(HttpMethod.Get, "/overenskommelser");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/konto/logga-in", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public void The_security_stamp_is_checked_at_least_once_a_minute()
    {
        var options = _app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;

        Assert.True(options.ValidationInterval <= TimeSpan.FromMinutes(1), $"ValidationInterval is {options.ValidationInterval}.");
    }

    private async Task WithUserAsync(string email, Func<UserManager<AppUser>, AppUser, Task> change)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await change(users, (await users.FindByEmailAsync(email))!);
    }
}
