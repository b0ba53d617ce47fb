using System.Globalization;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Distributions;

/// <summary>
/// Fördelningar: distributions of a line's money to the primary-care units, saved from the Vårdenheter preview by an
/// officer, decided by a Beslutsfattare with the decision's reference and the units' report deadline and then locked,
/// with a payment list, the units' reports back and what each unit has booked. An Utförare reads the decided ones that
/// pay a unit its organisation runs, with only those units' rows (<see cref="ProviderScope.OrganisationsAsync"/>), and
/// reports back for them.
/// </summary>
[Route("fordelningar")]
public sealed class DistributionsController(IMediator mediator, ProviderScope scope) : Controller
{
    /// <summary>Five attachments of at most 20 MB each, and the form's text.</summary>
    private const long MaxReportRequestBytes = 5L * MarkObligationSentHandler.MaxFileBytes + 1024 * 1024;

    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await mediator.Send(new ListDistributionsQuery(await scope.OrganisationsAsync(User, ct)), ct));

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var view = await mediator.Send(new GetDistributionQuery(id, await scope.OrganisationsAsync(User, ct)), ct);
        return view is null ? NotFound() : View(view);
    }

    /// <summary>
    /// A unit's report back: submitted, or corrected until an officer marks it received. A refusal shows the page again
    /// with what was written and the reason; nothing is saved.
    /// </summary>
    [HttpPost("{id:int}/aterrapport")]
    [Authorize(Policy = Policies.SubmitUnitReports)]
    [RequestSizeLimit(MaxReportRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxReportRequestBytes)]
    public async Task<IActionResult> SubmitReport(int id, UnitReportForm form, CancellationToken ct)
    {
        var organisations = await scope.OrganisationsAsync(User, ct);
        var (files, tooLarge) = await UploadedFiles.ReadAsync(form.Files, ct);
        if (tooLarge is not null)
        {
            return await ReportAgainAsync(id, organisations, form, tooLarge, ct);
        }
        var result = await mediator.Send(new SubmitUnitReportCommand(id, form.Unit, form.Use, form.AmountUsed, form.Outcome, files, organisations, form.VersionOf(form.Unit)), ct);
        if (result is null)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return await ReportAgainAsync(id, organisations, form, string.Join(" ", result.Errors.Select(e => e.Message)), ct);
        }
        TempData["Message"] = "Återrapporten är sparad. Den kan rättas tills handläggaren har markerat den som mottagen.";
        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>An officer takes a unit's report: from then on the provider cannot change it.</summary>
    [HttpPost("{id:int}/aterrapport/mottagen")]
    [Authorize(Policy = Policies.EditUnits)]
    public async Task<IActionResult> MarkReportReceived(int id, string? unit, long? version, CancellationToken ct)
    {
        var result = await mediator.Send(new MarkUnitReportReceivedCommand(id, unit, version), ct);
        if (result is null)
        {
            return NotFound();
        }
        TempData.Report(result, "Återrapporten är markerad som mottagen och kan inte längre ändras av vårdenheten.", UnitReportSection(unit));
        return BackToDetails(id, UnitReportSection(unit));
    }

    /// <summary>Another project code for a unit's bookings (the unit code by default): officers and finance.</summary>
    [HttpPost("{id:int}/projektkod")]
    [Authorize(Policy = Policies.SetProjectCode)]
    public async Task<IActionResult> SetProjectCode(int id, string? unit, string? projectCode, long? version, CancellationToken ct)
    {
        var result = await mediator.Send(new SetUnitProjectCodeCommand(id, unit, projectCode, version), ct);
        if (result is null)
        {
            return NotFound();
        }
        TempData.Report(result, $"Projektkoden för {unit} är sparad: bokfört räknas nu på {projectCode?.Trim()}.", ProjectCodeSection);
        return BackToDetails(id, ProjectCodeSection);
    }

    [HttpGet("{id:int}/aterrapport/fil/{fileId:int}")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> ReportFile(int id, int fileId, CancellationToken ct)
    {
        var file = await mediator.Send(new GetUnitReportFileQuery(id, fileId, await scope.OrganisationsAsync(User, ct)), ct);
        return file is null ? NotFound() : File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>The distribution page's sections that forms post back to (issue 25): each shows its own form's outcome.</summary>
    public const string DecisionSection = "beslut";
    public const string ProjectCodeSection = "projektkod";

    /// <summary>The officer's form that registers a report for any unit (one that came by post).</summary>
    public const string OfficerReportSection = "aterrapport-registrera";

    /// <summary>One unit's report card: its forms' outcomes (and a refused report, shown again) are shown in it.</summary>
    public static string UnitReportSection(string? unit) => PageSection.Id("aterrapport", unit?.Trim());

    private RedirectResult BackToDetails(int id, string section) => Redirect($"/fordelningar/{id}#{section}");

    private async Task<IActionResult> ReportAgainAsync(int id, IReadOnlyCollection<string>? organisations, UnitReportForm form, string error, CancellationToken ct)
    {
        var view = await mediator.Send(new GetDistributionQuery(id, organisations), ct);
        if (view is null)
        {
            return NotFound();
        }
        ViewData["ReportForm"] = form;
        ViewData["ReportError"] = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Details), view);
    }

    /// <summary>Saves the previewed split as a draft; on a refusal the user is sent back to the preview with the reason.</summary>
    [HttpPost("")]
    [Authorize(Policy = Policies.EditUnits)]
    public async Task<IActionResult> Save(string? name, string? agreement, string? line, string? amount, DistributionKey key, int? model, DateOnly? asOf, CancellationToken ct)
    {
        Result<int> result;
        if (Money.IsTooLarge(amount))
        {
            result = Result.Fail<int>("Amount", Money.TooLargeMessage(amount!));
        }
        else if (!Money.TryParse(amount, out var kronor) || kronor != decimal.Truncate(kronor) || kronor <= 0)
        {
            result = Result.Fail<int>("Amount", "Beloppet ska vara hela kronor, till exempel 24 000 000.");
        }
        else
        {
            result = await mediator.Send(new SaveDistributionCommand(name ?? "", agreement ?? "", line ?? "", (long)kronor, key, model, asOf), ct);
        }
        if (result.Succeeded)
        {
            TempData["Message"] = "Fördelningen är sparad som utkast. En beslutsfattare beslutar den med beslutets diarienummer.";
            return RedirectToAction(nameof(Details), new { id = result.Value });
        }
        // Back to the same preview (the same listing), with the reason beside the save form (issue 25).
        TempData.Refuse(string.Join(" ", result.Errors.Select(e => e.Message)), "spara-fordelning");
        var listing = asOf is { } date ? $"&per={SwedishFormat.Date(date)}" : "";
        return Redirect($"/vardenheter?belopp={Uri.EscapeDataString(amount ?? "")}&nyckel={key}&modell={model}{listing}#spara-fordelning");
    }

    [HttpPost("{id:int}/beslut")]
    [Authorize(Policy = Policies.DecideDistributions)]
    public async Task<IActionResult> Decide(int id, string? reference, string? reportDeadline, long version, CancellationToken ct)
    {
        Result result;
        if (!string.IsNullOrWhiteSpace(reportDeadline)
            && !DateOnly.TryParseExact(reportDeadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            result = Result.Fail("ReportDeadline", $"Skriv sista dag för återrapporten som ÅÅÅÅ-MM-DD, till exempel 2024-02-02 (inte ”{reportDeadline}”).");
        }
        else
        {
            DateOnly? deadline = DateOnly.TryParseExact(reportDeadline?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
            result = await mediator.Send(new DecideDistributionCommand(id, reference, version, deadline), ct);
        }
        TempData.Report(result, "Fördelningen är beslutad och låst. Betalningslistan kan hämtas och vårdenheterna kan återrapportera.", DecisionSection);
        return BackToDetails(id, DecisionSection);
    }

    [HttpGet("{id:int}/betalningslista")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> PaymentList(int id, CancellationToken ct)
    {
        var document = await mediator.Send(new GetPaymentListQuery(id, await scope.OrganisationsAsync(User, ct)), ct);
        if (document is null)
        {
            return NotFound();
        }
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", document.FileName);
    }
}

/// <summary>A unit's report back as the form posts it; the amount as the user wrote it, parsed by the use case.</summary>
public sealed class UnitReportForm
{
    public string? Unit { get; set; }
    public string? Use { get; set; }
    public string? AmountUsed { get; set; }
    public string? Outcome { get; set; }
    public IFormFileCollection? Files { get; set; }

    /// <summary>The report's version when a unit's own form was opened (<see cref="Versions.None"/> before it had one).</summary>
    public long? Version { get; set; }

    /// <summary>The officer's form picks the unit from a list: each unit's report version when the page was opened.</summary>
    public Dictionary<string, long>? Known { get; set; }

    public long? VersionOf(string? unit) =>
        Version ?? (unit is not null && Known?.TryGetValue(unit.Trim(), out var known) == true ? known : null);
}
