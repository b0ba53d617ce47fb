using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace GrantTracker.Web.Features.Reconciliation;

/// <summary>
/// The ledger rows behind a figure as an Excel workbook, streamed from the database to the response (up to a million
/// rows in bounded memory): every drill-down of Avstämning, and a year's (or an object's or a month's) stored rows from
/// Kostnader. Everyone who reads may export.
/// </summary>
public sealed class LedgerExportController(IMediator mediator) : Controller
{
    /// <summary>The same query string as the rows page (<c>/avstamning/rader</c>), without the page number.</summary>
    [HttpGet("avstamning/rader/excel")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Rows(string avtal, string manad, int? rad, ExceptionKind? typ, string? nyckel, bool endastManad, CancellationToken ct)
    {
        if (!YearMonth.TryParse(manad, out var month))
        {
            return BadRequest();
        }
        var export = await mediator.Send(new ExportLedgerRowsQuery(avtal, month, rad, typ, nyckel, endastManad), ct);
        return export is null ? NotFound() : new LedgerExportResult(export);
    }

    /// <summary><c>?ar=2023</c>, optionally <c>&amp;objekt=9916</c> and <c>&amp;manad=2023-03</c>.</summary>
    [HttpGet("kostnader/excel")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Ledger(int ar, string? objekt, string? manad, CancellationToken ct)
    {
        if (ar is < 1900 or > 9999)
        {
            return BadRequest();
        }
        YearMonth? month = null;
        if (!string.IsNullOrEmpty(manad))
        {
            if (!YearMonth.TryParse(manad, out var parsed) || parsed.Year != ar)
            {
                return BadRequest();
            }
            month = parsed;
        }
        return new LedgerExportResult(await mediator.Send(new ExportLedgerYearQuery(ar, objekt, month), ct));
    }

    /// <summary>
    /// Writes the workbook straight to the response body as the rows are read (chunked, no length known in advance).
    /// The writer copies to the body asynchronously, so Kestrel's ban on synchronous I/O stays on. A client that goes
    /// away cancels the reading through <see cref="HttpContext.RequestAborted"/>.
    /// </summary>
    private sealed class LedgerExportResult(LedgerRowsExport export) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = LedgerRowsExcelWriter.ContentType;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(export.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.CacheControl = "no-store";
            await LedgerRowsExcelWriter.WriteAsync(export, response.Body, context.HttpContext.RequestAborted);
        }
    }
}
