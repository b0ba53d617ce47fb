using System.Globalization;
using GrantTracker.Application.Seeding;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Demo mode's lived year is God och nära vård 2023 at the start of December 2023 (<see cref="DemoYear"/>): its deadlines, to-do lists,
/// report deadlines and "days left" only make sense on that date. With the demo year on, the application's clock (the
/// <see cref="TimeProvider"/> every use case reads) starts at <c>Demo:Today</c> (default <see cref="DefaultToday"/>, empty for the real
/// date) and runs on from there; the layout says so on every page. Sign-in keeps the real clock: cookie and identity-provider
/// lifetimes are real time. Never outside demo mode.
/// </summary>
public sealed class DemoClock(TimeSpan offset) : TimeProvider
{
    public static readonly DateOnly DefaultToday = new(2023, 12, 8);

    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>The demo's date when demo mode builds the lived year and <c>Demo:Today</c> is not emptied; else null (the real clock).</summary>
    public static DateOnly? TodayFrom(IConfiguration configuration, bool demo)
    {
        if (!demo || !configuration.GetValue("Demo:Ledger", true) || !configuration.GetValue("Demo:Year", true))
        {
            return null;
        }
        var text = configuration["Demo:Today"];
        if (text is null)
        {
            return DefaultToday;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidOperationException($"Demo:Today '{text}' is not a date (yyyy-MM-dd); leave it empty for the real date.");
    }

    /// <summary>
    /// How far the clock is moved: to the demo's date at the time of day it is now, in Swedish time (the app counts days there). Taken
    /// in UTC, the demo was a day ahead between midnight in Sweden and midnight UTC.
    /// </summary>
    public static TimeSpan OffsetTo(DateOnly date, DateTimeOffset now)
    {
        var zone = GrantTracker.Domain.Common.SwedishFormat.Zone;
        var local = date.ToDateTime(TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(now, zone).TimeOfDay));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)) - now;
    }

    /// <summary>Registers the clock (and <see cref="DemoDate"/>, which the layout reads) when the demo runs on a date of its own.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, bool demo)
    {
        var today = TodayFrom(configuration, demo);
        services.AddSingleton(new DemoDate(today));
        // The demo year holds the clock at each step's moment of 2023 while it is built (HoldableClock, issue 25).
        var buildsYear = demo && configuration.GetValue("Demo:Ledger", true) && configuration.GetValue("Demo:Year", true);
        if (today is not { } date)
        {
            if (buildsYear)
            {
                services.AddSingleton<TimeProvider>(new HoldableClock(System));
            }
            return;
        }
        services.AddSingleton<TimeProvider>(new HoldableClock(new DemoClock(OffsetTo(date, System.GetUtcNow()))));
        // Sign-in on the real clock: a cookie or a nonce that expired "in 2023" would be dropped by the browser.
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = System);
        services.ConfigureAll<OpenIdConnectOptions>(o => o.TimeProvider = System);
        services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = System);
    }
}

/// <summary>The date demo mode pretends it is, or null on the real clock.</summary>
public sealed record DemoDate(DateOnly? Today);
