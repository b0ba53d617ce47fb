using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// A small OpenID Connect provider standing in for the region's SITHS identity provider: OpenIddict's server with the
/// authorization-code flow (PKCE, a confidential client), on a Kestrel port of its own. Its sign-in page lists test
/// users instead of asking for a card; each user carries the claims the README describes: <c>name</c>, <c>roles</c>
/// (the provider's group names) and <c>organisation</c> (a provider's organisation).
/// </summary>
public sealed class IdentityProviderHost : IAsyncDisposable
{
    public const string ClientId = "granttracker";
    public const string ClientSecret = "test-secret-known-to-both";
    private const string SessionScheme = "idp";

    /// <summary>The test users by the key the sign-in page posts.</summary>
    public static readonly IReadOnlyDictionary<string, TestUser> Users = new Dictionary<string, TestUser>
    {
        ["hanna"] = new("sub-hanna", "Hanna Handläggare (SITHS)", ["GT-Handlaggare"], null),
        ["ulf"] = new("sub-ulf", "Ulf på Frösö (SITHS)", ["GT-Utforare"], "Frösö Hälsocentral AB"),
        // Unknown group names, one spelt exactly like a GrantTracker role: none of them may grant anything.
        ["olle"] = new("sub-olle", "Olle Okänd (SITHS)", ["Domain Admins", "Handläggare", "Administratör"], null),
    };

    private readonly WebApplication _app;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "granttracker-idp-tests", Guid.NewGuid().ToString("N"));

    private IdentityProviderHost(WebApplication app) => _app = app;

    /// <summary>The provider's address (its issuer), e.g. http://127.0.0.1:41235/.</summary>
    public Uri Authority { get; private set; } = new("http://127.0.0.1/");

    public static IdentityProviderHost Start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "granttracker-idp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "TestIdentityProvider",
            EnvironmentName = Environments.Development,
            ContentRootPath = directory,
        });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(directory, "idp.db")};Pooling=False");
            o.UseOpenIddict();
        });
        services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, o =>
        {
            o.LoginPath = "/login";
            o.Cookie.Name = "idp-session";
        });
        services.AddAuthorization();
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement(); // plain HTTP on loopback, for the test only
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", LoginPage);
        app.MapPost("/login", (Func<HttpContext, Task<IResult>>)SignInAsync);
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)TokenAsync);

        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreated();
        }
        app.StartAsync().GetAwaiter().GetResult();
        var host = new IdentityProviderHost(app) { Authority = new Uri(app.Urls.Single().TrimEnd('/') + "/") };
        return host;
    }

    /// <summary>Registers GrantTracker as the provider's client, once its address is known.</summary>
    public async Task RegisterClientAsync(Uri grantTracker)
    {
        using var scope = _app.Services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "GrantTracker",
            RedirectUris = { new Uri(grantTracker, "signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>GrantTracker's settings for this provider, as the README's example names them.</summary>
    public IReadOnlyDictionary<string, string> GrantTrackerSettings() => new Dictionary<string, string>
    {
        ["Authentication:OpenIdConnect:Enabled"] = "true",
        ["Authentication:OpenIdConnect:DisplayName"] = "Logga in med SITHS-kort",
        ["Authentication:OpenIdConnect:Authority"] = Authority.ToString(),
        ["Authentication:OpenIdConnect:ClientId"] = ClientId,
        ["Authentication:OpenIdConnect:ClientSecret"] = ClientSecret,
        ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        ["Authentication:OpenIdConnect:RoleClaimType"] = "roles",
        ["Authentication:OpenIdConnect:NameClaimType"] = "name",
        ["Authentication:OpenIdConnect:PerformerClaimType"] = "organisation",
        ["Authentication:OpenIdConnect:RoleMap:GT-Handlaggare"] = "Handläggare",
        ["Authentication:OpenIdConnect:RoleMap:GT-Utforare"] = "Utförare",
        ["Authentication:OpenIdConnect:RoleMap:GT-Revisor"] = "Revisor",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Instead of a SITHS card: one button per test user. An empty icon, so the browser asks for no /favicon.ico
    /// (a 404 in the console, which fails the browser tests).</summary>
    private static IResult LoginPage(HttpContext http)
    {
        var returnUrl = HtmlEncoder.Default.Encode(http.Request.Query["ReturnUrl"].ToString());
        var buttons = string.Concat(Users.Select(u =>
            $"<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"user\" value=\"{u.Key}\" /><input type=\"hidden\" name=\"returnUrl\" value=\"{returnUrl}\" /><button type=\"submit\">{HtmlEncoder.Default.Encode(u.Value.Name)}</button></form>"));
        return Results.Content($"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Test-IdP</title></head><body><h1>Test-IdP: välj användare</h1>{buttons}</body></html>", "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var key = form["user"].ToString();
        if (!Users.ContainsKey(key))
        {
            return Results.BadRequest();
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key)], SessionScheme);
        await http.SignInAsync(SessionScheme, new ClaimsPrincipal(identity));
        var returnUrl = form["returnUrl"].ToString();
        return Results.Redirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(SessionScheme);
        if (!session.Succeeded)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString }, [SessionScheme]);
        }
        var user = Users[session.Principal!.Identity!.Name!];
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Name, user.Name));
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim("roles", role));
        }
        if (user.Organisation is not null)
        {
            identity.AddClaim(new Claim("organisation", user.Organisation));
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType())
        {
            return Results.BadRequest();
        }
        // The code carries the principal signed in at the authorization endpoint, claims and destinations included.
        var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public sealed record TestUser(string Subject, string Name, IReadOnlyList<string> Roles, string? Organisation);

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}

/// <summary>An app signed in to through <see cref="IdentityProviderHost"/>, and a browser.</summary>
public sealed class SithsFixture : BrowserFixture
{
    public SithsFixture()
        : this(IdentityProviderHost.Start())
    {
    }

    private SithsFixture(IdentityProviderHost provider)
        : base(new AppServer(provider.GrantTrackerSettings())) => IdentityProvider = provider;

    public IdentityProviderHost IdentityProvider { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IdentityProvider.RegisterClientAsync(App.BaseAddress);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SithsCollection : ICollectionFixture<SithsFixture>
{
    public const string Name = "Browser, SITHS sign-in";
}
