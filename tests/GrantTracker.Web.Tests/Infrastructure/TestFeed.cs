using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// Issue 27, part 3: a test-only OData feed (one entity set, <c>Widgets</c>, under <see cref="Prefix"/>), so that the OpenAPI
/// document's rules can be tested before and independently of the real feed. Registered only in a factory derived with
/// <see cref="WithTestFeed"/>; the app itself never sees it.
/// </summary>
/// <remarks>
/// Its own route prefix, not the feed's <c>odata</c>: OData refuses a second model on a prefix already used, and the real
/// feed's model will be on <c>odata</c>. The document's rule looks at OData's routing metadata, not at the prefix.
/// </remarks>
public static class TestFeed
{
    public const string Prefix = "odata-test";

    public const string EntitySet = "Widgets";

    public static WebApplicationFactory<Program> WithTestFeed(this WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddControllers()
                .AddApplicationPart(typeof(TestFeed).Assembly)
                .AddOData(o => o.Select().Filter().OrderBy().Expand().Count().SetMaxTop(100).AddRouteComponents(Prefix, Model()))));

    private static IEdmModel Model()
    {
        var builder = new ODataConventionModelBuilder();
        builder.EntitySet<Widget>(EntitySet);
        return builder.GetEdmModel();
    }
}

/// <summary>A class fixture: the app with the test feed, and the same app without it (<see cref="Base"/>, same database).</summary>
public sealed class TestFeedApp : IDisposable
{
    public TestFeedApp() => App = Base.WithTestFeed();

    public GrantTrackerFactory Base { get; } = new();

    public WebApplicationFactory<Program> App { get; }

    public void Dispose()
    {
        App.Dispose();
        Base.Dispose();
    }
}

/// <summary>The test feed's one entity.</summary>
public sealed class Widget
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public decimal Amount { get; set; }
}

/// <summary>The test feed's entity set, as the real feed's controllers will be: OData's conventional routing, [EnableQuery].</summary>
[Authorize(Policy = Policies.Read)]
public sealed class WidgetsController : ODataController
{
    private static readonly Widget[] Widgets =
    [
        new() { Id = 1, Name = "Första", Amount = 100.50m },
        new() { Id = 2, Name = "Andra", Amount = 2000m },
    ];

    [EnableQuery(PageSize = 50, MaxTop = 100)]
    public IQueryable<Widget> Get() => Widgets.AsQueryable();

    [EnableQuery]
    public SingleResult<Widget> Get(int key) => SingleResult.Create(Widgets.AsQueryable().Where(w => w.Id == key));
}
