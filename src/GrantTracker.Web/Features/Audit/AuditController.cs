using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Audit;

/// <summary>The filter as the query string carries it; Swedish names because users see and share the address.</summary>
public sealed class AuditFilter
{
    [FromQuery(Name = "objekt")]
    public string? EntityType { get; set; }

    [FromQuery(Name = "anvandare")]
    public string? UserName { get; set; }

    [FromQuery(Name = "fran")]
    public DateOnly? From { get; set; }

    [FromQuery(Name = "till")]
    public DateOnly? To { get; set; }

    [FromQuery(Name = "sida")]
    public int? Page { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(EntityType) && string.IsNullOrWhiteSpace(UserName) && From is null && To is null;

    /// <summary>The address of another page with the same filter.</summary>
    public string PageUrl(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("objekt", EntityType);
        Add("anvandare", UserName);
        Add("fran", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("till", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("sida", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/granskningslogg?" + string.Join("&", parts);
    }
}

public sealed record AuditIndexPage(AuditFilter Filter, AuditEntriesPage Result);

/// <summary>
/// Reads the audit trail. Deliberately read-only: the trail has no edit or delete action here or anywhere.
/// </summary>
[Route("granskningslogg")]
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(AuditFilter filter, CancellationToken ct)
    {
        // A date the binder could not read is dropped from the query and explained, instead of failing the page.
        foreach (var key in new[] { "fran", "till" })
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                ModelState.AddModelError(key, "Datumet kunde inte läsas. Ange det som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.");
            }
        }
        var result = await mediator.Send(new ListAuditEntriesQuery(filter.EntityType, filter.UserName, filter.From, filter.To, filter.Page ?? 1), ct);
        return View(new AuditIndexPage(filter, result));
    }
}

/// <summary>The entity types the trail records, as the users name them.</summary>
public static class AuditNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Agreement"] = "Överenskommelse",
        ["DevelopmentArea"] = "Utvecklingsområde",
        ["AllocationLine"] = "Fördelningsrad",
        ["CostObjectPeriod"] = "Kostnadsobjekt",
        ["AgreementCondition"] = "Villkor",
        ["ReportingObligation"] = "Rapporteringskrav",
        ["Activity"] = "Insats",
        ["SentReminder"] = "E-postpåminnelse",
        [SignInEvents.EntityType] = "Inloggning",
    };

    public static string EntityType(string type) => Names.TryGetValue(type, out var name) ? name : type;

    public static string Action(AuditAction action) => action switch
    {
        AuditAction.SignedIn => "Inloggad",
        AuditAction.SignInFailed => "Misslyckad inloggning",
        AuditAction.LockedOut => "Kontot låst",
        AuditAction.SignedOut => "Utloggad",
        _ => action.ToString(),
    };
}
