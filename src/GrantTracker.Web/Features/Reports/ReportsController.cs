using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Reports;

public sealed record ReportsIndexPage(IReadOnlyList<AgreementSummary> Agreements);

/// <summary>A report as a page: the document, where its links point, and (final report) the officer's forms.</summary>
public sealed record ReportPage(ReportDocument Document, string ExcelUrl, string PrintUrl, string BackUrl, FinalReportData? Final = null);

/// <summary>
/// Rapporter: the final report, the action plan and the reconciliation reports, each as a page, a print view
/// (A4) and a workbook, all rendered from the same <see cref="ReportDocument"/>.
/// </summary>
[Route("rapporter")]
public sealed class ReportsController(IMediator mediator, TimeProvider clock) : Controller
{
    /// <summary>The periods of the region's own follow-up: the last month of each (<see cref="ReportPeriods.Regional"/>, the one definition).</summary>
    public static IReadOnlyDictionary<string, (string Title, int Month)> Periods => ReportPeriods.Regional;

    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        // Issue 26: a draft (Utkast) is being set up and reports nothing yet; it is listed again once it is active.
        View(new ReportsIndexPage((await mediator.Send(new ListAgreementsQuery(), ct)).Rows.Where(a => a.Status != AgreementStatus.Utkast).ToList()));

    [HttpGet("slutredovisning")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Final(string avtal, int ar, string? format, CancellationToken ct)
    {
        if (format == "excel")
        {
            // Written once per change of the data, with its tie-out against the ledger's rows (GetFinalReportWorkbookHandler).
            var workbook = await mediator.Send(new GetFinalReportWorkbookQuery(avtal, ar, Today()), ct);
            return workbook is null ? NotFound() : File(workbook.Content, workbook.ContentType, workbook.FileName);
        }
        var data = await mediator.Send(new GetFinalReportQuery(avtal, ar), ct);
        if (data is null)
        {
            return NotFound();
        }
        // The tie-out reads the ledger's rows (once per change of the data): only for the print view, not the page.
        var tieOut = format == "utskrift" ? await mediator.Send(new GetFinalReportTieOutQuery(avtal, ar), ct) : null;
        var document = GrantReports.FinalReport(data, Today(), tieOut);
        var query = $"?avtal={Uri.EscapeDataString(avtal)}&ar={ar}";
        return Render(document, format, new ReportPage(document, "/rapporter/slutredovisning" + query + "&format=excel",
            "/rapporter/slutredovisning" + query + "&format=utskrift", "/rapporter", data), "Final");
    }

    [HttpPost("slutredovisning/outnyttjat")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> UnusedFunds(string avtal, int ar, string? amount, UnusedFundsOutcome outcome, string? plannedOn, string? paidOn, string? reference,
        string? note, string? recipient, string? decidedAmount, string? decisionReference, CancellationToken ct)
    {
        decimal? kronor = Money.TryParse(amount, out var a) ? a : null;
        decimal? decided = Money.TryParse(decidedAmount, out var da) ? da : null;
        DateOnly? planned = DateOnly.TryParseExact(plannedOn?.Trim(), "yyyy-MM-dd", out var p) ? p : null;
        DateOnly? paid = DateOnly.TryParseExact(paidOn?.Trim(), "yyyy-MM-dd", out var d) ? d : null;
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(amount) && kronor is null)
        {
            problems.Add(Money.IsTooLarge(amount) ? Money.TooLargeMessage(amount!) : $"Beloppet ”{amount}” ska vara ett belopp i kronor, till exempel 1 234 567 eller 1 234,50.");
        }
        if (!string.IsNullOrWhiteSpace(decidedAmount) && decided is null)
        {
            problems.Add(Money.IsTooLarge(decidedAmount) ? Money.TooLargeMessage(decidedAmount!) : $"Det beslutade beloppet ”{decidedAmount}” ska vara ett belopp i kronor, till exempel 1 234 567.");
        }
        if (!string.IsNullOrWhiteSpace(plannedOn) && planned is null)
        {
            problems.Add($"Det planerade datumet ”{plannedOn}” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2024-03-28.");
        }
        if (!string.IsNullOrWhiteSpace(paidOn) && paid is null)
        {
            problems.Add($"Betalningsdatumet ”{paidOn}” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2024-03-28.");
        }
        if (problems.Count > 0)
        {
            TempData.Refuse(string.Join(" ", problems), RepaymentSection);
        }
        else
        {
            var result = await mediator.Send(new RecordUnusedFundsCommand(avtal, ar, kronor, outcome, paid, reference, note, planned, recipient, decided, decisionReference), ct);
            TempData.Report(result, "Beslutet om outnyttjade medel är registrerat.", RepaymentSection);
        }
        return Redirect($"/rapporter/slutredovisning?avtal={Uri.EscapeDataString(avtal)}&ar={ar}#{RepaymentSection}");
    }

    /// <summary>The repayment's booking as a SIE voucher (issue 26), written as the accrual entry is; 404 when nothing is to be paid back.</summary>
    [HttpGet("slutredovisning/aterbetalning/sie")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> RepaymentSie(string avtal, int ar, CancellationToken ct)
    {
        var voucher = await mediator.Send(new GetRepaymentVoucherQuery(avtal, ar, Today(), ReportDocument.Region), ct);
        return voucher is null ? NotFound() : File(voucher.Content, "text/plain; charset=IBM437", voucher.FileName);
    }

    /// <summary>The final report's sections that forms post back to (issue 25): each shows its own form's outcome.</summary>
    public const string RepaymentSection = "aterbetalning";

    public static string ConditionSection(int conditionId) => $"villkorsredovisning-{conditionId}";

    public static string RequirementSection(int requirementId) => $"krav-{requirementId}";

    [HttpPost("slutredovisning/villkor")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> ConditionStatement(string avtal, int ar, int conditionId, string? text, CancellationToken ct)
    {
        var result = await mediator.Send(new SaveConditionStatementCommand(avtal, ar, conditionId, text), ct);
        TempData.Report(result, "Redovisningen av villkoret är sparad.", ConditionSection(conditionId));
        return Redirect($"/rapporter/slutredovisning?avtal={Uri.EscapeDataString(avtal)}&ar={ar}#{ConditionSection(conditionId)}");
    }

    /// <summary>The agreement's reporting requirements with the year's answers, and (for those who may) a form per requirement.</summary>
    [HttpGet("aterrapportering")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Requirements(string avtal, int ar, CancellationToken ct)
    {
        var view = await mediator.Send(new GetRequirementsQuery(avtal, ar), ct);
        return view is null ? NotFound() : View(view);
    }

    [HttpPost("aterrapportering")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> AnswerRequirement(string avtal, int ar, int requirementId, string? text, string? value, string? measuredOn, string? dataSource,
        string? baseline, string?[]? done, string?[]? expected, string? women, string? men, long? version, string? valueWomen, string? valueMen, CancellationToken ct)
    {
        var errors = new List<string>();
        decimal? Number(string? input, string what)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                return null;
            }
            if (decimal.TryParse(input.Replace(" ", "").Replace(SwedishFormat.Space.ToString(), "").Replace('.', ','), System.Globalization.NumberStyles.Number,
                    System.Globalization.CultureInfo.GetCultureInfo("sv-SE"), out var parsed))
            {
                return parsed;
            }
            errors.Add($"{what} ”{input}” är inte ett tal. Skriv till exempel 57,3.");
            return null;
        }
        int? Whole(string? input, string what) => Number(input, what) is { } n ? (n == decimal.Round(n) && n is >= 0 and <= int.MaxValue ? (int)n : AddError($"{what} anges i hela tal, 0 eller mer.")) : null;
        int? AddError(string message)
        {
            errors.Add(message);
            return null;
        }
        DateOnly? measured = null;
        if (!string.IsNullOrWhiteSpace(measuredOn))
        {
            if (DateOnly.TryParseExact(measuredOn.Trim(), "yyyy-MM-dd", out var date))
            {
                measured = date;
            }
            else
            {
                errors.Add($"Datumet ”{measuredOn}” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2023-12-31.");
            }
        }
        var command = new SaveRequirementAnswerCommand(avtal, ar, requirementId, text, Number(value, "Värdet"), measured, dataSource, Number(baseline, "Utgångsvärdet"),
            (done ?? []).Select(d => Number(d, "Antalet")).ToList(), (expected ?? []).Select(e => Number(e, "Antalet")).ToList(),
            Whole(women, "Antalet kvinnor"), Whole(men, "Antalet män"), version, Number(valueWomen, "Värdet för kvinnor"), Number(valueMen, "Värdet för män"));
        if (errors.Count > 0)
        {
            TempData.Refuse(string.Join(" ", errors), RequirementSection(requirementId));
        }
        else
        {
            TempData.Report(await mediator.Send(command, ct), "Svaret är sparat.", RequirementSection(requirementId));
        }
        return BackToRequirement(avtal, ar, requirementId);
    }

    private const long MaxEvidenceRequestBytes = 5L * Application.Features.Deadlines.MarkObligationSentHandler.MaxFileBytes + 1024 * 1024;

    /// <summary>Attaches files that support a requirement's answer.</summary>
    [HttpPost("aterrapportering/bilaga")]
    [Authorize(Policy = Policies.EditAgreements)]
    [RequestSizeLimit(MaxEvidenceRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxEvidenceRequestBytes)]
    public async Task<IActionResult> AddEvidence(string avtal, int ar, int requirementId, List<IFormFile>? files, CancellationToken ct)
    {
        var (sent, tooLarge) = await UploadedFiles.ReadAsync(files, ct);
        if (tooLarge is not null)
        {
            TempData.Refuse(tooLarge, RequirementSection(requirementId));
            return BackToRequirement(avtal, ar, requirementId);
        }
        TempData.Report(await mediator.Send(new AddRequirementEvidenceCommand(avtal, ar, requirementId, sent), ct),
            sent.Count == 1 ? "Filen är bifogad." : "Filerna är bifogade.", RequirementSection(requirementId));
        return BackToRequirement(avtal, ar, requirementId);
    }

    [HttpGet("aterrapportering/bilaga/{fileId:int}")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Evidence(string avtal, int fileId, CancellationToken ct) =>
        await mediator.Send(new GetRequirementEvidenceQuery(avtal ?? "", fileId), ct) is { } file
            ? File(file.Content, file.ContentType, file.FileName)
            : NotFound();

    [HttpPost("aterrapportering/bilaga/{fileId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> RemoveEvidence(string avtal, int ar, int fileId, int requirementId, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new RemoveRequirementEvidenceCommand(avtal, fileId), ct), "Filen är borttagen.", RequirementSection(requirementId));
        return BackToRequirement(avtal, ar, requirementId);
    }

    private RedirectResult BackToRequirement(string avtal, int ar, int requirementId) =>
        Redirect($"/rapporter/aterrapportering?avtal={Uri.EscapeDataString(avtal)}&ar={ar}#{RequirementSection(requirementId)}");

    /// <summary>The VFU report to Socialstyrelsen (Redovisning, seed 003 2.2.4): its requirements with the year's answers.</summary>
    [HttpGet("vfu")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Vfu(string avtal, int ar, string? format, CancellationToken ct)
    {
        var view = await mediator.Send(new GetRequirementsQuery(avtal, ar), ct);
        if (view is null || view.For(ObligationKind.Redovisning).Count == 0)
        {
            return NotFound();
        }
        var open = Application.Features.Reports.Requirements.Unanswered(view.For(ObligationKind.Redovisning), ar);
        var document = GrantReports.RequirementsReport(view, ObligationKind.Redovisning, "VFU-redovisning", Today(), open is null ? null : [open]);
        var query = $"?avtal={Uri.EscapeDataString(avtal)}&ar={ar}";
        return Render(document, format, new ReportPage(document, "/rapporter/vfu" + query + "&format=excel", "/rapporter/vfu" + query + "&format=utskrift",
            "/rapporter/aterrapportering" + query), "Report");
    }

    /// <summary>Månadsrapport (typ=manad, any month), tertial, delårs- and årsbokslut (typ=tertial|delar|ar, the year's month).</summary>
    [HttpGet("avstamning")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Reconciliation(string avtal, string typ, string? manad, int? ar, string? format, CancellationToken ct)
    {
        YearMonth month;
        string title;
        if (typ == "manad")
        {
            if (!YearMonth.TryParse(manad, out month))
            {
                // The form has novalidate (issue 25): the app's own message, beside the form it came from.
                var section = PageSection.Id("manadsrapport", avtal);
                TempData.Refuse(string.IsNullOrWhiteSpace(manad)
                    ? "Välj månaden för månadsrapporten, till exempel 2023-03."
                    : $"Månaden ”{manad}” ska skrivas som ÅÅÅÅ-MM, till exempel 2023-03.", section);
                return Redirect($"/rapporter#{section}");
            }
            title = "Månadsrapport";
        }
        else if (typ is not null && Periods.TryGetValue(typ, out var period) && ar is { } year and >= 1900 and <= 9999)
        {
            month = new YearMonth(year, period.Month);
            title = period.Title;
        }
        else
        {
            return BadRequest();
        }
        var result = await mediator.Send(new ReconcileQuery(avtal, month), ct);
        if (result is null)
        {
            return NotFound();
        }
        var document = GrantReports.Reconciliation(result, title, Today(), $"{typ}-{result.AgreementCode}-{month}.xlsx");
        var query = $"?avtal={Uri.EscapeDataString(avtal)}&typ={typ}&manad={month}&ar={month.Year}";
        return Render(document, format, new ReportPage(document, "/rapporter/avstamning" + query + "&format=excel",
            "/rapporter/avstamning" + query + "&format=utskrift", "/rapporter"), "Report");
    }

    [HttpGet("handlingsplan")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> ActionPlan(string avtal, string? format, CancellationToken ct)
    {
        var data = await mediator.Send(new GetActionPlanQuery(avtal), ct);
        if (data is null)
        {
            return NotFound();
        }
        var document = GrantReports.ActionPlan(data.AgreementCode, data.AgreementName, data.Rows, Today());
        var query = $"?avtal={Uri.EscapeDataString(avtal)}";
        return Render(document, format, new ReportPage(document, "/rapporter/handlingsplan" + query + "&format=excel",
            "/rapporter/handlingsplan" + query + "&format=utskrift", "/rapporter"), "Report");
    }

    private IActionResult Render(ReportDocument document, string? format, ReportPage page, string view)
    {
        if (format == "excel")
        {
            var stream = new MemoryStream();
            ExcelReportWriter.Write(document, stream);
            stream.Position = 0;
            return File(stream, ExcelReportWriter.ContentType, document.FileName);
        }
        return format == "utskrift" ? View("Print", page) : View(view, page);
    }

    private DateOnly Today() => SwedishFormat.Today(clock);
}
