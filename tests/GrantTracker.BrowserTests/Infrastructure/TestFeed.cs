using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// Issue 27, part 3: a test-only OData feed with one entity set (<c>Widgets</c> under <c>odata-test</c>), so that the API
/// documentation page has an operation to show before the real feed exists. The same as the Web tests' TestFeed, kept small;
/// only <see cref="ApiDocumentationBrowserFixture"/>'s app has it.
/// </summary>
public static class TestFeed
{
    public static void Register(IWebHostBuilder builder) =>
        builder.ConfigureServices(services =>
        {
            var model = new ODataConventionModelBuilder();
            model.EntitySet<Widget>("Widgets");
            services.AddControllers()
                .AddApplicationPart(typeof(TestFeed).Assembly)
                .AddOData(o => o.Select().Filter().OrderBy().Expand().Count().SetMaxTop(100).AddRouteComponents("odata-test", model.GetEdmModel()));
        });
}

public sealed class Widget
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public decimal Amount { get; set; }
}

[Authorize(Policy = Policies.Read)]
public sealed class WidgetsController : ODataController
{
    [EnableQuery(PageSize = 50, MaxTop = 100)]
    public IQueryable<Widget> Get() => new[] { new Widget { Id = 1, Name = "Första", Amount = 100.50m } }.AsQueryable();
}

/// <summary>An app with the test feed, for the API documentation page's journey.</summary>
public sealed class ApiDocumentationBrowserFixture() : BrowserFixture(new AppServer(configure: TestFeed.Register));

[CollectionDefinition(Name)]
public sealed class ApiDocumentationCollection : ICollectionFixture<ApiDocumentationBrowserFixture>
{
    public const string Name = "Browser, API documentation";
}
