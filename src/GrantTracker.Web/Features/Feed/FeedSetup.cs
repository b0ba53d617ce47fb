using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.AspNetCore.RateLimiting;

namespace GrantTracker.Web.Features.Feed;

/// <summary>
/// Wires the read feed (ADR 28): OData's routes under /odata for <see cref="FeedModel"/>, and on every OData controller (the
/// entity sets and OData's own service document and $metadata) the token-only read policy (<see cref="Policies.ReadFeed"/>:
/// the AccessToken scheme, GET and HEAD) and the per-token rate limit (<see cref="FeedRateLimit"/>), so no OData endpoint can
/// be reached with the sign-in cookie, without a token, or more often than the limit.
/// </summary>
public static class FeedSetup
{
    public static IMvcBuilder AddFeed(this IMvcBuilder mvc)
    {
        mvc.AddOData(o => o
            .Select().Filter().OrderBy().Expand().Count().SetMaxTop(FeedModel.PageSize)
            .AddRouteComponents(FeedModel.Prefix, FeedModel.Build()));
        mvc.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Conventions.Add(new FeedAccessConvention()));
        mvc.Services.AddSingleton<FeedAnswerCache>();
        return mvc;
    }

    /// <summary>
    /// Before routing, for /odata: the feed's answers are for tools, not people, so its errors keep their own JSON or text bodies
    /// instead of the Swedish error pages (after UseStatusCodePages, which sets the feature this turns off); and the feed never
    /// writes, so any method but GET and HEAD is 405 at once, before any authentication (without this, the framework's 405
    /// endpoint falls under the fallback policy and sends a tool to the sign-in page).
    /// </summary>
    public static IApplicationBuilder UseFeedErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/" + FeedModel.Prefix))
        {
            await next(http);
            return;
        }
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await FeedController.Error(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed",
                "Feeden går bara att läsa (GET). Ändringar görs i GrantTracker. (The feed is read only.)").ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
            return;
        }
        await next(http);
    });

    /// <summary>Every OData controller, also OData's MetadataController, gets the feed's policy as endpoint metadata.</summary>
    private sealed class FeedAccessConvention : IControllerModelConvention
    {
        public void Apply(ControllerModel controller)
        {
            // OData's MetadataController (the service document and $metadata) is not an ODataController: named, or the fallback
            // policy would let the sign-in cookie read them.
            if (!typeof(ODataController).IsAssignableFrom(controller.ControllerType) && controller.ControllerType != typeof(MetadataController))
            {
                return;
            }
            if (controller.ControllerType != typeof(MetadataController))
            {
                // The entity sets' answers, kept per request and scope while the data stands (FeedAnswerCache).
                controller.Filters.Add(new FeedAnswerCacheFilter());
            }
            foreach (var action in controller.Actions)
            {
                foreach (var selector in action.Selectors)
                {
                    selector.EndpointMetadata.Add(new AuthorizeAttribute(Policies.ReadFeed));
                    selector.EndpointMetadata.Add(new EnableRateLimitingAttribute(FeedRateLimit.Policy));
                }
            }
        }
    }
}
