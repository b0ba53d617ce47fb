using GrantTracker.Application.Data;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Demo mode (the demo users and their shared password) is on only where someone asked for it: by default in the
/// Development environment on the embedded database, elsewhere only with <c>Demo:Enabled=true</c>, and never in
/// Production, whatever the settings say.
/// </summary>
/// <remarks>
/// Any other environment (Staging, Test, a typo) is treated like production unless demo mode is set explicitly:
/// a shared password must not appear because an environment was named something unexpected.
/// </remarks>
public static class DemoMode
{
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment)
    {
        var setting = configuration.GetValue<bool?>("Demo:Enabled");
        if (environment.IsProduction())
        {
            if (setting == true)
            {
                throw new InvalidOperationException(
                    "Demo:Enabled is true but ASPNETCORE_ENVIRONMENT is Production. Demo users with a shared password are refused in production; remove the setting.");
            }
            return false;
        }
        if (environment.IsDevelopment())
        {
            return setting ?? DataServices.ProviderFrom(configuration) == DatabaseProvider.Sqlite;
        }
        return setting == true;
    }
}
