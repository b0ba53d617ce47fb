using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>Clients of the read feed, as the region's tools are: one per user, with that user's personal access token.</summary>
public static class FeedClients
{
    public static async Task<HttpClient> ForAsync(WebApplicationFactory<Program> app, string email) =>
        // Until the token scheme is merged: the signed-in cookie (the placeholder policy accepts it).
        await GrantTrackerFactory.SignInAsync(app, email);
}
