using System.Globalization;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Deadlines;

public sealed record CalendarPage(CalendarTokenState Token, string? NewUrl);

/// <summary>
/// Deadlines: every reporting obligation by due date with its readiness, one obligation's status workflow and kept
/// files, and the user's calendar link. Everyone reads; officers, finance and administrators change the status.
/// </summary>
[Route("deadlines")]
public sealed class DeadlinesController(IMediator mediator, ProviderScope scope, PublicUrl publicUrl) : Controller
{
    /// <remarks>
    /// An Utförare sees the deadlines without readiness: its sentences name other activities and the region's exceptions.
    /// </remarks>
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index([FromQuery(Name = "visa")] string? show, CancellationToken ct)
    {
        // A portfolio's old agreements can leave hundreds of reports in one section: each lists its first ones unless all are asked for.
        ViewData["ShowAll"] = show == "alla";
        var (list, unitReports) = await ListAsync(ct);
        ViewData["UnitReports"] = unitReports;
        return View(list);
    }

    /// <summary>The page's tables as a workbook (issue 27), from the page's own answers: every row, as <c>?visa=alla</c> shows them.</summary>
    [HttpGet("excel")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Excel(CancellationToken ct)
    {
        var (list, unitReports) = await ListAsync(ct);
        var document = DeadlineWorkbook.Build(list, unitReports);
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, ExcelReportWriter.ContentType, document.FileName);
    }

    /// <summary>
    /// What the page lists, asked as the role may see it: the units' report deadlines of decided distributions for an Utförare's own units
    /// only (issue 16), and the deadlines without readiness for an Utförare.
    /// </summary>
    private async Task<(DeadlineList List, IReadOnlyList<UnitReportDeadline> UnitReports)> ListAsync(CancellationToken ct)
    {
        var unitReports = await mediator.Send(new ListUnitReportDeadlinesQuery(await scope.OrganisationsAsync(User, ct)), ct);
        var list = await mediator.Send(new ListDeadlinesQuery(WithReadiness: await scope.PerformerAsync(User) is null), ct);
        return (list, unitReports);
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Details(int id, CancellationToken ct) =>
        await mediator.Send(new GetObligationQuery(id, WithReadiness: await scope.PerformerAsync(User) is null), ct) is { } obligation ? View(obligation) : NotFound();

    [HttpPost("{id:int}/ansvarig")]
    [Authorize(Policy = Policies.EditObligations)]
    public async Task<IActionResult> SetOwner(int id, string? owner, long? version, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new SetObligationOwnerCommand(id, owner, version), ct),
            string.IsNullOrWhiteSpace(owner) ? "Ingen ansvarig är angiven: överenskommelsens ansvarige gäller." : "Ansvarig är sparad.", OwnerSection);
        return BackTo(id, OwnerSection);
    }

    [HttpPost("{id:int}/paborja")]
    [Authorize(Policy = Policies.EditObligations)]
    public async Task<IActionResult> Begin(int id, long? version, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new BeginObligationCommand(id, version), ct), "Rapporten är markerad som pågående.", StatusSection);
        return BackTo(id, StatusSection);
    }

    [HttpPost("{id:int}/inskickad")]
    [Authorize(Policy = Policies.EditObligations)]
    public async Task<IActionResult> MarkSent(int id, string? sentOn, IFormFile? file, long? version, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(sentOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            TempData.Refuse($"Ange datumet då rapporten skickades som ÅÅÅÅ-MM-DD, till exempel 2024-03-28{(string.IsNullOrWhiteSpace(sentOn) ? "" : $" (inte ”{sentOn}”)")}.", StatusSection);
            return BackTo(id, StatusSection);
        }
        if (file is { Length: > MarkObligationSentHandler.MaxFileBytes })
        {
            TempData.Refuse(MarkObligationSentHandler.TooLarge, StatusSection);
            return BackTo(id, StatusSection);
        }
        SentFile? sent = null;
        if (file is not null)
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            sent = new SentFile(file.FileName, file.ContentType, buffer.ToArray());
        }
        TempData.Report(await mediator.Send(new MarkObligationSentCommand(id, day, sent, version), ct), $"Rapporten är markerad som inskickad {SwedishFormat.Date(day)}. Filen är sparad.", StatusSection);
        return BackTo(id, StatusSection);
    }

    [HttpPost("{id:int}/oppna")]
    [Authorize(Policy = Policies.EditObligations)]
    public async Task<IActionResult> Reopen(int id, long? version, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new ReopenObligationCommand(id, version), ct), "Rapporten är öppnad igen och pågår. Den inskickade filen finns kvar under Sparade filer.", StatusSection);
        return BackTo(id, StatusSection);
    }

    [HttpGet("fil/{fileId:int}")]
    [Authorize(Policy = Policies.ReadSubmittedFiles)]
    public async Task<IActionResult> Download(int fileId, CancellationToken ct)
    {
        if (await mediator.Send(new GetObligationFileQuery(fileId), ct) is not { } file)
        {
            return NotFound();
        }
        // The type is what the uploader's browser said; the file is always an attachment, never sniffed and rendered.
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, file.ContentType, file.FileName);
    }

    [HttpGet("kalender")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Calendar(CancellationToken ct) =>
        View(new CalendarPage(await mediator.Send(new GetCalendarTokenQuery(), ct), TempData["CalendarUrl"] as string));

    [HttpPost("kalender/ny")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> CreateCalendarToken(CancellationToken ct)
    {
        var result = await mediator.Send(new CreateCalendarTokenCommand(), ct);
        if (result.Succeeded)
        {
            // Shown once: TempData is read on the next page and gone; the database keeps only the hash.
            TempData["CalendarUrl"] = $"{publicUrl.Base(Request)}/deadlines/kalender/{result.Value}.ics";
        }
        else
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        }
        return RedirectToAction(nameof(Calendar));
    }

    [HttpPost("kalender/aterkalla")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> RevokeCalendarToken(CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new RevokeCalendarTokenCommand(), ct), "Kalenderlänken är återkallad och slutar fungera direkt.");
        return RedirectToAction(nameof(Calendar));
    }

    /// <summary>The deadline page's sections that forms post back to (issue 25): each shows its own form's outcome.</summary>
    public const string OwnerSection = "ansvarig";
    public const string StatusSection = "status";

    private RedirectResult BackTo(int id, string section) => Redirect($"/deadlines/{id}#{section}");
}
