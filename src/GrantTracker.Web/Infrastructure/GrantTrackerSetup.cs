using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

using GrantTracker.Web.Features.Feed;

namespace GrantTracker.Web.Infrastructure;

public static class GrantTrackerSetup
{
    public static WebApplicationBuilder AddGrantTracker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Outside Development every cookie is Secure: the app is reached over HTTPS (directly, or through the region's
        // TLS-terminating proxy, whose X-Forwarded-Proto the forwarded-headers middleware honours).
        var development = builder.Environment.IsDevelopment();
        var cookieSecurity = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        services.AddGrantTrackerData(configuration);
        DemoClock.Register(services, configuration, DemoMode.IsEnabled(configuration, builder.Environment));
        services.AddHttpContextAccessor();
        AddDataProtection(services, configuration);
        services.AddSingleton<PublicUrl>();
        PublicAddressGuard.Register(services);
        services.AddGrantTrackerHealthChecks();
        services.Configure<ForwardedHeadersOptions>(o => ConfigureForwardedHeaders(o, configuration));
        services.Configure<CookiePolicyOptions>(o => o.Secure = cookieSecurity);
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.SecurePolicy = cookieSecurity;
            // X-Frame-Options is sent on every response by SecurityHeaders, not only on pages with a form.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        services.AddScoped<ScopedActor>();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        services.AddScoped<ProviderScope>();
        services.AddSingleton<UploadFolder>();
        services.AddSingleton<ImportJobs>();
        services.AddHostedService<ImportWorker>();
        services.AddHostedService<ReminderService>();
        // Issue 26: the nightly backup of the SQLite file (Backup:Enabled).
        services.AddHostedService<NightlyBackupService>();
        var uploadLimit = configuration.GetValue<long?>("Import:MaxUploadMegabytes") ?? 512;
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = uploadLimit * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = uploadLimit * 1024 * 1024);
        services.AddMediator((Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(AppDbContext).Assembly];
        });

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/konto/logga-in";
            o.LogoutPath = "/konto/logga-ut";
            o.AccessDeniedPath = "/konto/nekad";
            o.Cookie.Name = "GrantTracker";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = cookieSecurity;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            Sessions.Configure(o);
        });
        services.Configure<SecurityStampValidatorOptions>(Sessions.Configure);
        var authentication = services.AddAuthentication();
        authentication.AddRegionIdentityProvider(configuration);
        // Issue 27, part 2: personal access tokens for the feed; never the default scheme (pages stay cookie-only).
        authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenDefaults.Scheme, null);
        services.AddAuthorization(Policies.Add);
        // Issue 27, part 3: the feed's OpenAPI description and the page that reads it (ADR 29).
        services.AddGrantTrackerApiDocumentation();
        // Issue 27, part 2: the feed's requests limited per token.
        services.AddFeedRateLimit(configuration);

        services.AddControllersWithViews(o =>
        {
            // Antiforgery on every form post, not only where someone remembered the attribute.
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            SwedishBindingMessages.Configure(o.ModelBindingMessageProvider);
        }).AddFeed();
        // Swedish text as Swedish letters in the HTML, not as &#xE4; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            o.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
            o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var sv = new CultureInfo("sv-SE");
            o.DefaultRequestCulture = new RequestCulture(sv);
            o.SupportedCultures = [sv];
            o.SupportedUICultures = [sv];
            o.RequestCultureProviders.Clear();
        });
        return builder;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var demo = DemoMode.IsEnabled(app.Configuration, app.Environment);
        await DatabaseInitializer.InitializeAsync(app.Services, demo, app.Configuration.GetValue("Demo:Ledger", true), demoYear: app.Configuration.GetValue("Demo:Year", true));
        // Before the first request and before the import worker runs: what a stopped process left in the upload folder.
        await app.Services.GetRequiredService<UploadFolder>().RecoverAsync(app.Services, app.Logger);
        if (demo)
        {
            app.Logger.LogWarning("Demo mode: demo users with the shared password are enabled. Never use demo mode in production.");
        }
    }

    public static WebApplication UseGrantTracker(this WebApplication app)
    {
        // Read once at start-up so that a missing or malformed App:PublicBaseUrl stops the start, not a later request.
        app.Services.GetRequiredService<PublicUrl>();
        // First: the scheme and client address behind the proxy decide HTTPS redirection, Secure cookies and the audit trail's address.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(IdentityProviderOrigins(app.Configuration));
        // Before anything renders a page: a wrong Host is refused and plain HTTP redirected (outside Development), so no
        // request over HTTP ever reaches a Secure-only antiforgery cookie and fails with 500 (issue 23).
        var guard = app.Services.GetRequiredService<PublicAddressGuard>();
        if (guard.PublicAddressIsHttp)
        {
            app.Logger.LogWarning("{Setting} is an http address outside Development: every cookie is Secure, so every page answers 400 over HTTP. Set it to the https address users reach the app at.", PublicUrl.Setting);
        }
        app.Use((http, next) => guard.InvokeAsync(http, next));
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fel");
            app.UseHsts();
        }
        // A bare error status (NotFound(), BadRequest()) gets a Swedish page with a way back; responses with a
        // body of their own (a form shown again with its errors) are left as they are.
        app.UseStatusCodePagesWithReExecute("/fel/{0}");
        app.UseFeedErrors();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // Issue 27, part 2: after authorization, which is where the feed's policy authenticates the access token (the default
        // authentication above runs only the cookie): the limiter partitions by the token's id, and a request without a valid
        // token is answered 401 before it could take from any token's budget (FeedRateLimit).
        app.UseRateLimiter();
        app.MapGrantTrackerHealthChecks();
        app.MapControllers();
        // Issue 27, part 3: /openapi/v1.json and /api-dokumentation/, for signed-in users.
        app.MapGrantTrackerApiDocumentation();
        return app;
    }

    /// <summary>
    /// Keys for the sign-in and antiforgery cookies, kept in <c>DataProtection:KeyPath</c> so that cookies survive a
    /// restart; encrypted at rest with the certificate at <c>DataProtection:CertificatePath</c> when one is configured
    /// (a PKCS#12 file, its password in <c>DataProtection:CertificatePassword</c>).
    /// </summary>
    private static void AddDataProtection(IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection()
            .SetApplicationName("GrantTracker")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["DataProtection:KeyPath"] ?? Path.Combine("data", "keys")));
        var certificatePath = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath ({certificatePath}) has no private key: the keys could be written but never read back.");
            }
            protection.ProtectKeysWithCertificate(certificate);
        }
    }

    /// <summary>
    /// Which proxies may say what the client's scheme and address were: <c>ForwardedHeaders:KnownProxies</c> (addresses)
    /// and <c>ForwardedHeaders:KnownNetworks</c> (CIDR), each a list or one comma-separated value. Without either only a
    /// proxy on the same machine (loopback) is believed.
    /// </summary>
    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in ListSetting(configuration, "ForwardedHeaders:KnownProxies"))
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in ListSetting(configuration, "ForwardedHeaders:KnownNetworks"))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }

    private static IEnumerable<string> ListSetting(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }

    /// <summary>The identity provider's origin, which the sign-in form leads to (the CSP's form-action).</summary>
    private static IReadOnlyList<string> IdentityProviderOrigins(IConfiguration configuration)
    {
        var oidc = OpenIdConnectSettings.From(configuration);
        return oidc.Enabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? [authority.GetLeftPart(UriPartial.Authority)]
            : [];
    }
}
