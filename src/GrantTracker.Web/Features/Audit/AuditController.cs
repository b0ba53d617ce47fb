using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
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
    public string PageUrl(int page) => "/granskningslogg?" + QueryString(page);

    /// <summary>The workbook of every entry the filter keeps (no page).</summary>
    public string ExcelUrl() => QueryString(null) is { Length: > 0 } query ? "/granskningslogg/excel?" + query : "/granskningslogg/excel";

    private string QueryString(int? page)
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
        Add("sida", page?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }

    /// <summary>The filter in words, for the workbook's subtitle.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(EntityType))
        {
            parts.Add("objekt " + AuditVocabulary.KindName(EntityType));
        }
        if (!string.IsNullOrWhiteSpace(UserName))
        {
            parts.Add($"användare som innehåller ”{UserName.Trim()}”");
        }
        if (From is { } from)
        {
            parts.Add("från och med " + SwedishFormat.Date(from));
        }
        if (To is { } to)
        {
            parts.Add("till och med " + SwedishFormat.Date(to));
        }
        return parts.Count == 0 ? "Alla händelser" : "Filter: " + string.Join(", ", parts);
    }

    public ListAuditEntriesQuery Query() => new(EntityType, UserName, From, To, Page ?? 1);
}

public sealed record AuditIndexPage(AuditFilter Filter, AuditEntriesPage Result);

/// <summary>
/// Reads the audit trail. Deliberately read-only: the trail has no edit or delete action here or anywhere.
/// </summary>
[Route("granskningslogg")]
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditController(IMediator mediator, TimeProvider clock) : Controller
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
        var result = await mediator.Send(filter.Query(), ct);
        return View(new AuditIndexPage(filter, result));
    }

    /// <summary>The entries the filter keeps as a workbook, in the page's words (one mapping: <see cref="AuditVocabulary"/>).</summary>
    [HttpGet("excel")]
    public async Task<IActionResult> Excel(AuditFilter filter, CancellationToken ct)
    {
        foreach (var key in new[] { "fran", "till" })
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                return BadRequest("Datumet kunde inte läsas. Ange det som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.");
            }
        }
        var export = await mediator.Send(new ExportAuditEntriesQuery(filter.Query()), ct);
        var document = export.Document(SwedishFormat.Today(clock), filter.Describe());
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, ExcelReportWriter.ContentType, document.FileName);
    }
}
