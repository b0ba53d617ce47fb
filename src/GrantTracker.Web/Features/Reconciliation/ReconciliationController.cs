using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Reconciliation;

public sealed record ReconciliationPage(IReadOnlyList<AgreementSummary> Agreements, ReconciliationResult? Result);

public sealed record AccrualsPage(IReadOnlyList<AgreementSummary> Agreements, AccrualReport? Report);

/// <summary>
/// Avstämning: an agreement's lines against their booked cost through a month, the exceptions, the month close,
/// the rows behind every figure, and the accruals. Everyone reads; only an Ekonom changes anything.
/// </summary>
[Route("avstamning")]
public sealed class ReconciliationController(IMediator mediator, TimeProvider clock) : Controller
{

    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(string? avtal, string? manad, CancellationToken ct)
    {
        var agreements = (await mediator.Send(new ListAgreementsQuery(), ct)).Rows;
        var code = avtal ?? Newest(agreements);
        if (code is null)
        {
            return View(new ReconciliationPage(agreements, null));
        }
        if (!TryMonth(manad, out var month))
        {
            TempData["Error"] = $"Månaden ”{manad}” ska skrivas som ÅÅÅÅ-MM, till exempel 2023-06.";
            return RedirectToAction(nameof(Index), new { avtal = code });
        }
        var result = await mediator.Send(new ReconcileQuery(code, month), ct);
        if (result is null)
        {
            return NotFound();
        }
        // The units' bookings of the agreement's decided distributions: a table of its own (issue 16).
        ViewData["DistributionFollowUp"] = await mediator.Send(new ListDistributionFollowUpQuery(code), ct);
        // The months' tie-out to the ledger's own balance (ADR 21): a small table of its own.
        ViewData["TieOuts"] = await mediator.Send(new GetMonthTieOutsQuery(code, result.Year), ct);
        return View(new ReconciliationPage(agreements, result));
    }

    /// <summary>
    /// The page's own table as a workbook (issue 27): the same agreement and month, chosen the same way, from the same cached answer;
    /// a month the page refuses is refused the same way, back on the page with the reason.
    /// </summary>
    [HttpGet("excel")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Excel(string? avtal, string? manad, CancellationToken ct)
    {
        var code = avtal ?? Newest((await mediator.Send(new ListAgreementsQuery(), ct)).Rows);
        if (code is null)
        {
            return RedirectToAction(nameof(Index));
        }
        if (!TryMonth(manad, out var month))
        {
            TempData["Error"] = $"Månaden ”{manad}” ska skrivas som ÅÅÅÅ-MM, till exempel 2023-06.";
            return RedirectToAction(nameof(Index), new { avtal = code });
        }
        var result = await mediator.Send(new ReconcileQuery(code, month), ct);
        if (result is null)
        {
            return NotFound();
        }
        var document = ReconciliationWorkbook.Build(result, SwedishFormat.Today(clock));
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, ExcelReportWriter.ContentType, document.FileName);
    }

    /// <summary>Without a choice: the newest agreement (the one finance works on now), at its latest booked month.</summary>
    private static string? Newest(IReadOnlyList<AgreementSummary> agreements) =>
        agreements.OrderByDescending(a => a.StartDate).ThenByDescending(a => a.Id).FirstOrDefault()?.Code;

    [HttpGet("rader")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Rows(string avtal, string manad, int? rad, ExceptionKind? typ, string? nyckel, bool endastManad, int sida = 1, CancellationToken ct = default)
    {
        if (!YearMonth.TryParse(manad, out var month))
        {
            return BadRequest();
        }
        var rows = await mediator.Send(new ListReconciliationRowsQuery(avtal, month, rad, typ, nyckel, endastManad, sida), ct);
        return rows is null ? NotFound() : View(rows);
    }

    [HttpPost("avvikelse")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> Note(string avtal, string manad, ExceptionKind kind, string costObject, string key, string? text, bool resolved, long? version, CancellationToken ct)
    {
        YearMonth? month = YearMonth.TryParse(manad, out var m) ? m : null;
        var result = await mediator.Send(new NoteExceptionCommand(avtal, kind, costObject, key, text, resolved, version, month), ct);
        var section = ExceptionSection(kind, key);
        TempData.Report(result, resolved ? "Avvikelsen är markerad som åtgärdad." : "Kommentaren är sparad.", section);
        return BackToIndex(avtal, manad, section);
    }

    [HttpPost("avvikelse/ta-bort")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> RemoveNote(string avtal, string manad, int noteId, ExceptionKind? kind, string? key, CancellationToken ct)
    {
        var section = kind is { } k && key is not null ? ExceptionSection(k, key) : "avvikelser";
        TempData.Report(await mediator.Send(new RemoveExceptionNoteCommand(noteId), ct), "Kommentaren är borttagen; avvikelsen är öppen igen.", section);
        return BackToIndex(avtal, manad, section);
    }

    [HttpPost("stang")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> Close(string avtal, string manad, CancellationToken ct)
    {
        if (!YearMonth.TryParse(manad, out var month))
        {
            return BadRequest();
        }
        TempData.Report(await mediator.Send(new CloseMonthCommand(avtal, month), ct), $"{month} är stängd. Importer som skulle ändra månaden avvisas tills den öppnas igen.", MonthSection);
        return BackToIndex(avtal, manad, MonthSection);
    }

    /// <summary>The Ekonom confirms the month's totals as shown (ADR 21); the shown totals come back, so a confirmation of changed totals is refused.</summary>
    [HttpPost("bekrafta")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> ConfirmTotals(string avtal, string manad, long? ore, long? rader, CancellationToken ct)
    {
        if (!YearMonth.TryParse(manad, out var month))
        {
            return BadRequest();
        }
        TempData.Report(await mediator.Send(new ConfirmMonthTotalsCommand(avtal, month, ore is { } o ? Money.FromOre(o) : null, rader), ct),
            $"Summorna för {month} är bekräftade och månaden är avstämd. Bekräftelsen är sparad i granskningsloggen.", TieOutSection);
        return BackToIndex(avtal, manad, TieOutSection);
    }

    /// <summary>The ledger's balance report (Objekt;Månad;Belopp), checked to the öre against the imported totals (ADR 21).</summary>
    [HttpPost("saldolista")]
    [Authorize(Policy = Policies.Reconcile)]
    [RequestSizeLimit(BalanceReport.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = BalanceReport.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> BalanceReportUpload(string? avtal, string? manad, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            TempData.Refuse("Välj huvudbokens saldolista att ladda upp: en CSV-fil med rubrikraden Objekt;Månad;Belopp.", TieOutSection);
            return BackToIndex(avtal, manad, TieOutSection);
        }
        if (file.Length > BalanceReport.MaxBytes)
        {
            TempData.Refuse($"Saldolistan är större än {BalanceReport.MaxBytes / 1024 / 1024} MB. En saldolista har en rad per objekt och månad.", TieOutSection);
            return BackToIndex(avtal, manad, TieOutSection);
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        var result = await mediator.Send(new TieOutWithBalanceReportCommand(content.ToArray(), Path.GetFileName(file.FileName)), ct);
        TempData.Report(result, result.Succeeded ? result.Value! : "", TieOutSection);
        return BackToIndex(avtal, manad, TieOutSection);
    }

    [HttpPost("oppna")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> Reopen(string avtal, string manad, string? reason, CancellationToken ct)
    {
        if (!YearMonth.TryParse(manad, out var month))
        {
            return BadRequest();
        }
        TempData.Report(await mediator.Send(new ReopenMonthCommand(avtal, month, reason), ct), $"{month} är öppnad igen. Skälet är sparat i granskningsloggen.", MonthSection);
        return BackToIndex(avtal, manad, MonthSection);
    }

    [HttpPost("flytta")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> Reassign(string avtal, string manad, long entryId, int lineId, string? reason, string? returnUrl, CancellationToken ct)
    {
        if (!IsLocalOrEmpty(returnUrl))
        {
            return BadRequest();
        }
        // The outcome in the row's own cell (issue 25): the drill-down is long, the top of the page out of view.
        TempData.Report(await mediator.Send(new ReassignRowCommand(avtal, entryId, lineId, reason), ct), "Raden är flyttad. Flytten är sparad i granskningsloggen.", RowSection(entryId));
        return string.IsNullOrEmpty(returnUrl) ? BackToIndex(avtal, manad, null) : LocalRedirect($"{returnUrl}#{RowSection(entryId)}");
    }

    [HttpPost("flytta/angra")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> UndoReassign(string avtal, string manad, long entryId, string? returnUrl, CancellationToken ct)
    {
        if (!IsLocalOrEmpty(returnUrl))
        {
            return BadRequest();
        }
        TempData.Report(await mediator.Send(new RemoveRowAssignmentCommand(avtal, entryId), ct), "Flytten är ångrad: raden hör åter till den rad reglerna ger.", RowSection(entryId));
        return string.IsNullOrEmpty(returnUrl) ? BackToIndex(avtal, manad, null) : LocalRedirect($"{returnUrl}#{RowSection(entryId)}");
    }

    [HttpGet("periodisering")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Accruals(string? avtal, string? manad, CancellationToken ct)
    {
        var agreements = (await mediator.Send(new ListAgreementsQuery(), ct)).Rows;
        var code = avtal ?? Newest(agreements);
        if (code is null)
        {
            return View(new AccrualsPage(agreements, null));
        }
        if (!TryMonth(manad, out var month))
        {
            TempData["Error"] = $"Månaden ”{manad}” ska skrivas som ÅÅÅÅ-MM, till exempel 2023-06.";
            return RedirectToAction(nameof(Accruals), new { avtal = code });
        }
        var report = await mediator.Send(new GetAccrualsQuery(code, month), ct);
        return report is null ? NotFound() : View(new AccrualsPage(agreements, report));
    }

    [HttpGet("periodisering/sie")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> AccrualSie(string avtal, string manad, CancellationToken ct)
    {
        var report = YearMonth.TryParse(manad, out var month) ? await mediator.Send(new GetAccrualsQuery(avtal, month), ct) : null;
        return report is null
            ? NotFound()
            : File(AccrualExport.Sie(report, SwedishFormat.Today(clock), ReportDocument.Region), "text/plain; charset=IBM437", AccrualExport.FileName(report, "se"));
    }

    [HttpGet("periodisering/excel")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> AccrualExcel(string avtal, string manad, CancellationToken ct)
    {
        var report = YearMonth.TryParse(manad, out var month) ? await mediator.Send(new GetAccrualsQuery(avtal, month), ct) : null;
        if (report is null)
        {
            return NotFound();
        }
        var stream = new MemoryStream();
        ExcelReportWriter.Write(AccrualExport.Table(report), stream);
        stream.Position = 0;
        return File(stream, ExcelReportWriter.ContentType, AccrualExport.FileName(report, "xlsx"));
    }

    [HttpPost("betalning")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> RegisterPayment(string avtal, string manad, string? date, string? amount, string? reference, CancellationToken ct)
    {
        DateOnly? day = DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", out var d) ? d : null;
        decimal? kronor = Money.TryParse(amount, out var a) ? a : null;
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(date) && day is null)
        {
            problems.Add($"Datumet ”{date}” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2023-03-15.");
        }
        if (!string.IsNullOrWhiteSpace(amount) && kronor is null)
        {
            problems.Add(Money.IsTooLarge(amount) ? Money.TooLargeMessage(amount) : $"Beloppet ”{amount}” ska vara ett belopp i kronor, till exempel 18 855 673 eller 1 234,50.");
        }
        if (problems.Count > 0)
        {
            TempData.Refuse(string.Join(" ", problems), PaymentsSection);
        }
        else
        {
            TempData.Report(await mediator.Send(new RegisterPaymentCommand(avtal, day, kronor, reference), ct), "Betalningen är registrerad.", PaymentsSection);
        }
        return BackToAccruals(avtal, manad);
    }

    [HttpPost("betalning/ta-bort")]
    [Authorize(Policy = Policies.Reconcile)]
    public async Task<IActionResult> RemovePayment(string avtal, string manad, int paymentId, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new RemovePaymentCommand(paymentId), ct), "Betalningen är borttagen.", PaymentsSection);
        return BackToAccruals(avtal, manad);
    }

    private static bool TryMonth(string? text, out YearMonth? month)
    {
        month = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (YearMonth.TryParse(text, out var parsed))
        {
            month = parsed;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The page's own forms post a local return address; a foreign one is a forged request, refused before anything
    /// changes (and never handed to <c>LocalRedirect</c>, which throws on it).
    /// </summary>
    /// <summary>A ledger row's cell on the drill-down, where its move's outcome is shown.</summary>
    public static string RowSection(long entryId) => $"rad-{entryId}";

    private bool IsLocalOrEmpty(string? returnUrl) => string.IsNullOrEmpty(returnUrl) || Url.IsSafeLocalUrl(returnUrl);

    /// <summary>The page's sections that forms post back to (issue 25): each shows its own form's outcome.</summary>
    public const string MonthSection = "manadsstangning";
    public const string TieOutSection = "avstamning-huvudbok";
    public const string PaymentsSection = "betalningar";

    /// <summary>One exception's card on Avstämning: its comment form's outcome is shown in it.</summary>
    public static string ExceptionSection(ExceptionKind kind, string key) => PageSection.Id("avvikelse", kind, key);

    private RedirectResult BackToAccruals(string? avtal, string? manad) =>
        Redirect($"/avstamning/periodisering?avtal={Uri.EscapeDataString(avtal ?? "")}&manad={Uri.EscapeDataString(manad ?? "")}#{PaymentsSection}");

    private RedirectResult BackToIndex(string? avtal, string? manad, string? anchor) =>
        Redirect($"/avstamning?avtal={Uri.EscapeDataString(avtal ?? "")}&manad={Uri.EscapeDataString(manad ?? "")}" + (anchor is null ? "" : "#" + anchor));
}
