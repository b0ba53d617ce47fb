using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
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
        return mvc;
    }

    /// <summary>
    /// Answers of the feed are for tools, not people: its errors keep their own JSON (or empty) bodies instead of the Swedish error page.
    /// After UseStatusCodePages, which sets the feature this turns off.
    /// </summary>
    public static IApplicationBuilder UseFeedErrors(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/" + FeedModel.Prefix) && http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        return next(http);
    });

    /// <summary>Every OData controller, also OData's MetadataController, gets the feed's policy as endpoint metadata.</summary>
    private sealed class FeedAccessConvention : IControllerModelConvention
    {
        public void Apply(ControllerModel controller)
        {
            if (!typeof(ODataController).IsAssignableFrom(controller.ControllerType))
            {
                return;
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
