using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port (a browser cannot reach the in-memory test server), on its own
/// SQLite file with the seed agreements and the demo users.
/// </summary>
public sealed class AppServer : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "granttracker-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="settings">Settings beyond the defaults below, e.g. the identity provider's.</param>
    /// <param name="configure">More for the host, e.g. a test-only OData feed's controllers (issue 27).</param>
    public AppServer(IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _configure = configure;
        // Port 0: the OS picks a free port, so parallel runs on one machine do not collide.
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DatabasePath => Path.Combine(_directory, "granttracker.db");

    /// <summary>The address the browser opens, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:GrantTracker", $"Data Source={Path.Combine(_directory, "granttracker.db")}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Enabled", "true");
        // The journeys start from the seed's drafts and a ledger of their own; the lived demo year is asked for by name.
        builder.UseSetting("Demo:Year", "false");
        builder.UseSetting("DataProtection:KeyPath", Path.Combine(_directory, "keys"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        _configure?.Invoke(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing request; the temp folder is cleaned by the OS.
        }
    }
}
