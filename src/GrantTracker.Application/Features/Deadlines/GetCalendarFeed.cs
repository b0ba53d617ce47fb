using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// The deadline calendar (iCalendar) for the holder of a token; null when the token is unknown, revoked, or its
/// user has been removed or holds no role. Every obligation is in it, sent ones marked, since every role reads
/// the deadlines; readiness is not, as it needs the reconciliation and the feed is polled every hour.
/// </summary>
/// <param name="BaseUrl">The app's address (scheme and host), for a link back to each obligation; null leaves the link out.</param>
public sealed record GetCalendarFeedQuery(string Token, string? BaseUrl) : IQuery<string?>;

/// <summary><c>Calendar:ReminderDays</c>: the days before a deadline that the feed's alarms go off, "14,3" by default; empty for none.</summary>
public sealed record CalendarSettings(IReadOnlyList<int> ReminderDays)
{
    public static CalendarSettings From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var text = configuration["Calendar:ReminderDays"];
        if (text is null)
        {
            return new CalendarSettings([14, 3]);
        }
        var days = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, out var n) && n is > 0 and <= 365 ? n : throw new InvalidOperationException($"Calendar:ReminderDays '{text}' should be whole days, such as 14,3."))
            .ToList();
        return new CalendarSettings(days);
    }
}

public sealed class GetCalendarFeedHandler(AppDbContext db, TimeProvider clock, CalendarSettings settings, IMediator mediator) : IQueryHandler<GetCalendarFeedQuery, string?>
{
    public async ValueTask<string?> Handle(GetCalendarFeedQuery query, CancellationToken ct)
    {
        if (!CalendarTokenHash.LooksLikeToken(query.Token))
        {
            return null;
        }
        var hash = CalendarTokenHash.Of(query.Token);
        var userId = await db.CalendarTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAtUtc == null)
            .Select(t => t.UserId)
            .SingleOrDefaultAsync(ct);
        if (userId is null || !await db.UserRoles.AnyAsync(r => r.UserId == userId, ct))
        {
            return null;
        }
        var obligations = await db.ReportingObligations.AsNoTracking()
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed, AgreementName = o.Agreement.Name,
                Owner = o.Owner ?? o.Agreement.Responsible, o.Status, o.SentOn, o.SentBy,
            })
            .ToListAsync(ct);
        var baseUrl = query.BaseUrl?.TrimEnd('/');
        var events = obligations.Select(o =>
        {
            var url = baseUrl is null ? null : $"{baseUrl}/deadlines/{o.Id}";
            var status = o.Status == ObligationStatus.Inskickad
                ? $"Status: Inskickad {SwedishFormat.Date(o.SentOn)} av {o.SentBy}"
                : $"Status: {o.Status.Swedish()}";
            var description = new List<string>
            {
                $"{o.Kind.Swedish()} till {o.Recipient}, senast {SwedishFormat.Date(o.DueDate)}.",
                $"Överenskommelse: {o.AgreementName}",
                $"Ansvarig: {o.Owner ?? "ingen angiven"}",
                status,
            };
            if (o.DueDateAssumed)
            {
                description.Add("Datumet anges inte i överenskommelsen utan följer regionens interna tidplan.");
            }
            if (url is not null)
            {
                description.Add(url);
            }
            var summary = $"{o.Title} – till {o.Recipient}";
            return new CalendarEvent($"obligation-{o.Id}@granttracker", o.DueDate,
                o.Status == ObligationStatus.Inskickad ? "Inskickad: " + summary : summary,
                string.Join("\n", description), url, o.Status == ObligationStatus.Inskickad ? null : settings.ReminderDays);
        });
        return ICalendarWriter.Write("GrantTracker – deadlines", clock.GetUtcNow().UtcDateTime, events.Concat(await UnitReportEventsAsync(userId, baseUrl, ct)));
    }

    /// <summary>
    /// The units' report deadlines of decided distributions (issue 16): every one for the region's roles, and for an
    /// Utförare those with a unit its organisation numbers run, as the administrator set them.
    /// </summary>
    private async Task<IEnumerable<CalendarEvent>> UnitReportEventsAsync(string userId, string? baseUrl, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync(ct);
        IReadOnlyCollection<string>? organisations = roles.All(r => r == Roles.Provider)
            ? await db.ProviderOrganisations.Where(p => p.UserId == userId).Select(p => p.OrganisationNumber).ToListAsync(ct)
            : null;
        var deadlines = await mediator.Send(new Distribution.ListUnitReportDeadlinesQuery(organisations), ct);
        return deadlines.Select(d =>
        {
            var url = baseUrl is null ? null : $"{baseUrl}/fordelningar/{d.DistributionId}";
            var description = new List<string>
            {
                $"Sista dag för vårdenheternas återrapport om fördelningen {d.Name}: vad pengarna använts till, använt belopp och resultat.",
                $"Överenskommelse: {d.AgreementName}",
                $"Inlämnade: {d.Reported} av {d.Units}",
            };
            if (url is not null)
            {
                description.Add(url);
            }
            var summary = $"Återrapport från vårdenheterna – {d.Name}";
            return new CalendarEvent($"distribution-report-{d.DistributionId}@granttracker", d.DueDate, d.Complete ? "Inlämnad: " + summary : summary,
                string.Join("\n", description), url, d.Complete ? null : settings.ReminderDays);
        });
    }
}
