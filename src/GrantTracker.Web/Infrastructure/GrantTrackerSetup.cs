using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace GrantTracker.Web.Infrastructure;

public static class GrantTrackerSetup
{
    public static WebApplicationBuilder AddGrantTracker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddGrantTrackerData(configuration);
        services.AddHttpContextAccessor();
        // Sign-in cookies survive a restart: keys live beside the embedded database unless configured elsewhere.
        services.AddDataProtection()
            .SetApplicationName("GrantTracker")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["DataProtection:KeyPath"] ?? Path.Combine("data", "keys")));
        services.AddScoped<ScopedActor>();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        services.AddScoped<ProviderScope>();
        services.AddSingleton<ImportJobs>();
        services.AddHostedService<ImportWorker>();
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
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAuthentication().AddRegionIdentityProvider(configuration);
        services.AddAuthorization(Policies.Add);

        services.AddControllersWithViews(o =>
        {
            // Antiforgery on every form post, not only where someone remembered the attribute.
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        });
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
        await DatabaseInitializer.InitializeAsync(app.Services, demo, app.Configuration.GetValue("Demo:Ledger", true));
        if (demo)
        {
            app.Logger.LogWarning("Demo mode: demo users with the shared password are enabled. Never use demo mode in production.");
        }
    }

    public static WebApplication UseGrantTracker(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fel");
        }
        // A bare error status (NotFound(), BadRequest()) gets a Swedish page with a way back; responses with a
        // body of their own (a form shown again with its errors) are left as they are.
        app.UseStatusCodePagesWithReExecute("/fel/{0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }
}
