using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.AspNetCore.OData.Routing.Template;
using Scalar.AspNetCore;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Issue 27, part 3: the OpenAPI description of the read feed (<c>/openapi/v1.json</c>) and a page that reads it with Scalar
/// (<c>/api-dokumentation/</c>), both for any signed-in user. ADR 29.
/// </summary>
/// <remarks>
/// <para>
/// <b>What the document holds: the OData feed and nothing else.</b> An API description is in the document when its action is
/// routed by OData, that is, when its endpoint carries <see cref="IODataRoutingMetadata"/> (every action of an
/// <c>ODataController</c> that OData's conventions or its attribute routes map under a route component such as <c>odata</c>,
/// and OData's own <c>$metadata</c> and service document). The app's pages (MVC controllers with views and forms) carry no
/// such metadata and are not an API, so they are never in it, whatever <c>ApiExplorer</c> lists; nor are the health probes,
/// the document itself or this page (minimal endpoints without OData metadata). The rule looks at the metadata, not at the
/// route's prefix, so a feed controller added later is described without further work.
/// </para>
/// <para>
/// ApiExplorer lists only actions it is told are visible (controllers with <c>[ApiController]</c>, or an explicit
/// <c>[ApiExplorerSettings]</c>). <see cref="FeedVisibleToApiExplorer"/> makes every action of an <c>ODataController</c>
/// visible unless it says otherwise, so the feed's controllers need no attribute for the document.
/// </para>
/// </remarks>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";

    /// <summary>The document's route; <c>{documentName}</c> is <see cref="DocumentName"/>.</summary>
    public const string DocumentRoute = "/openapi/{documentName}.json";

    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The page that reads the document (Scalar). Its own files are served below it (<c>scalar.js</c>, <c>scalar.aspnetcore.js</c>).</summary>
    public const string PagePath = "/api-dokumentation";

    public const string Title = "GrantTracker – läs-API (OData v4)";

    /// <summary>
    /// The two style elements Scalar 3.0.0's script writes without a nonce, allowed on its page by their SHA-256 (see
    /// <see cref="SecurityHeaders"/>): vue-sonner's toast styles, and Scalar's default theme. Both are fixed text in the
    /// package's scalar.js. When Scalar is upgraded and its text changes, the browser test of the page fails with a CSP
    /// violation that names the new hash ("a hash ('sha256-…')"): put that here.
    /// </summary>
    public const string PageStyleHashes =
        " 'sha256-l/2OpPg0d+2VLTLgwjf5mQo2CYwHDEqdj5TjbfEyVJI='" + // vue-sonner: html[dir='ltr'], [data-sonner-toaster]…
        " 'sha256-T13Uev3xCax2N28XaoAE8DOzQZKvPp7ZQVAi1iRREjo='"; // @layer scalar-theme { /* basic theme */ …

    /// <summary>The security schemes' names in the document.</summary>
    public const string BasicScheme = "basic";

    public const string BearerScheme = "bearer";

    public static IServiceCollection AddGrantTrackerApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = IsFeed;
            // The schemas carry the model's names (Agreement, MonthFigure), as $metadata and the answers' @odata.context do.
            o.CreateSchemaReferenceId = t => t.Type.Namespace == typeof(Application.Features.Feed.FeedAgreement).Namespace
                ? Features.Feed.FeedModel.EdmName(t.Type) : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
            o.AddDocumentTransformer<FeedDocumentTransformer>();
            o.AddOperationTransformer<ODataQueryOptionsTransformer>();
            o.AddSchemaTransformer<EdmSchemaTransformer>();
        });
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Conventions.Add(new FeedVisibleToApiExplorer()));
        return services;
    }

    /// <summary>
    /// The document and the page: both for any signed-in user (<see cref="Policies.Read"/>, every role). Anonymous, the page is
    /// the usual redirect to the sign-in page, and so is the document: an anonymous caller never gets it.
    /// </summary>
    public static void MapGrantTrackerApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentRoute).RequireAuthorization(Policies.Read);
        // Scalar's group maps the page (/{documentName?}) and its own files (scalar.js, scalar.aspnetcore.js, favicon.svg), which
        // it marks AllowAnonymous. They hold nothing of the region's, but outside the controllers only the health probes are
        // anonymous here (AuthorizationCoverageTests), so the files take the page's policy too: the browser that reads the page
        // sends the sign-in cookie with them. Finally runs after Scalar's own conventions, so its AllowAnonymous is removed.
        endpoints.MapScalarApiReference(PagePath, (o, http) =>
            {
                o.Title = Title;
                // Scalar's script adds its style sheets as <style> elements, each with the nonce of this meta element: the
                // request's style nonce, which the CSP's style-src already allows on every response (SecurityHeaders.Nonce).
                o.HeadContent = $"<meta property=\"csp-nonce\" content=\"{SecurityHeaders.Nonce(http)}\" />";
                o.AddDocument(DocumentName, Title, DocumentRoute);
                // The page reads the document from this app, and its script from this app (Scalar.AspNetCore serves the bundled
                // scalar.js from the package), never from a CDN: the region's servers may have no internet, and the CSP
                // allows scripts from 'self' only.
                o.DynamicNonce = true; // the page's one inline module script: see SecurityHeaders.ApiDocumentationPageNonce
                o.DefaultFonts = false; // Scalar's fonts come from its CDN
                o.Telemetry = false;
                o.ProxyUrl = null; // a "try it" request goes from the browser to this app, not through Scalar's proxy
                o.WithDynamicBaseServerUrl(true);
                o.DisableAgent();
                o.DisableMcp();
                // Its developer toolbar offers to share the document through Scalar's cloud and to deploy: not for the region's data.
                o.HideDeveloperTools();
            })
            .RequireAuthorization(Policies.Read)
            .Finally(endpoint =>
            {
                foreach (var anonymous in endpoint.Metadata.OfType<IAllowAnonymous>().ToList())
                {
                    endpoint.Metadata.Remove(anonymous);
                }
            });
    }

    /// <summary>
    /// An API description is in the document when OData routes its action (see the remarks on <see cref="ApiDocumentation"/>).
    /// OData maps a key look-up twice, <c>Agreements({key})</c> and <c>Agreements/{key}</c> (key as segment); the document
    /// describes the first, OData's canonical form, only.
    /// </summary>
    public static bool IsFeed(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<IODataRoutingMetadata>().FirstOrDefault() is { } routing
        && !(routing.Template.Any(s => s is KeySegmentTemplate) && description.RelativePath?.Contains('(') != true);

    /// <summary>
    /// Makes the actions of OData controllers visible to ApiExplorer (they have no <c>[ApiController]</c>), unless an
    /// <c>[ApiExplorerSettings(IgnoreApi = true)]</c> says otherwise. MVC page controllers are left as they are: invisible.
    /// </summary>
    private sealed class FeedVisibleToApiExplorer : IControllerModelConvention
    {
        public void Apply(ControllerModel controller)
        {
            if (!typeof(ODataController).IsAssignableFrom(controller.ControllerType) && controller.ControllerType != typeof(MetadataController))
            {
                return;
            }
            // Only actions OData has routed: OData's controllers are application parts even where no OData model is registered
            // (MetadataController is in the package), and ApiExplorer refuses a visible action without an attribute route.
            foreach (var action in controller.Actions.Where(a => a.Selectors.Any(s => s.EndpointMetadata.OfType<IODataRoutingMetadata>().Any())))
            {
                action.ApiExplorer.IsVisible ??= controller.ApiExplorer.IsVisible ?? true;
            }
        }
    }
}
