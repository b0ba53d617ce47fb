using GrantTracker.Application.Data;
using GrantTracker.Application.Reports;
using Mediator;

namespace GrantTracker.Application.Features.Reports;

/// <summary>
/// The final report's workbook as it is downloaded (Slutredovisning, "Ladda ner Excel"), with its tie-out sheet, dated
/// <paramref name="Generated"/>. Null when the report does not exist.
/// </summary>
public sealed record GetFinalReportWorkbookQuery(string AgreementCode, int Year, DateOnly Generated) : IQuery<ReportWorkbook?>;

/// <summary>A written workbook: its file name and bytes, shared read-only between the requests that download it.</summary>
public sealed record ReportWorkbook(string FileName, byte[] Content)
{
    public string ContentType => ExcelReportWriter.ContentType;
}

/// <summary>
/// Written once per change of the data and per date (<see cref="FiguresCache"/>, the query is the key): the workbook of a million-row
/// ledger took seconds to read and write, and every download did it again (issue 24). Its figures, the tie-out and the date are all
/// the query and the audit trail's last id decide, and the page's roles (<c>ReadFinance</c>) all see the whole report, so one copy
/// serves every download until something changes.
/// </summary>
public sealed class GetFinalReportWorkbookHandler(AppDbContext db, FiguresCache figures, IMediator mediator) : IQueryHandler<GetFinalReportWorkbookQuery, ReportWorkbook?>
{
    public async ValueTask<ReportWorkbook?> Handle(GetFinalReportWorkbookQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => WriteAsync(query, token), ct);

    private async Task<ReportWorkbook?> WriteAsync(GetFinalReportWorkbookQuery query, CancellationToken ct)
    {
        // The tie-out first: it reads the rows on a connection of its own while it computes the report, which it keeps for the line below.
        var tieOut = await mediator.Send(new GetFinalReportTieOutQuery(query.AgreementCode, query.Year), ct);
        var data = await mediator.Send(new GetFinalReportQuery(query.AgreementCode, query.Year), ct);
        if (data is null || tieOut is null)
        {
            return null;
        }
        var document = GrantReports.FinalReport(data, query.Generated, tieOut);
        using var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        return new ReportWorkbook(document.FileName, stream.ToArray());
    }
}
