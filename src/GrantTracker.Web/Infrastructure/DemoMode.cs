using GrantTracker.Application.Data;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Demo mode (the demo users and their shared password) is the default on the embedded database outside
/// Production, and refused in Production whatever the settings say.
/// </summary>
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
        return setting ?? DataServices.ProviderFrom(configuration) == DatabaseProvider.Sqlite;
    }
}
