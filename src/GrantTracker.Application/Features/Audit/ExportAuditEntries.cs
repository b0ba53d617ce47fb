using GrantTracker.Application.Data;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Audit;

/// <summary>
/// Every entry the filter keeps, newest first, as Granskningslogg shows them (<see cref="AuditPresenter"/>): for the workbook and the
/// CLI's <c>audit</c> command. At most <paramref name="Max"/> entries; <see cref="AuditExport.Total"/> says how many the filter holds.
/// </summary>
public sealed record ExportAuditEntriesQuery(ListAuditEntriesQuery Filter, int Max = ExportAuditEntriesQuery.DefaultMax) : IQuery<AuditExport>
{
    public const int DefaultMax = 100_000;
}

public sealed record AuditExport(IReadOnlyList<AuditRow> Rows, int Total)
{
    public bool Truncated => Rows.Count < Total;

    /// <summary>The trail as a workbook: the page's columns and words, one row per entry, each change on a line of its own in the cell.</summary>
    public ReportDocument Document(DateOnly generated, string filter) => new(
        ReportDocument.Region, "Granskningslogg", filter, generated, $"granskningslogg-{SwedishFormat.Date(generated)}.xlsx",
        [new ReportTable("Granskningslogg",
            Truncated
                ? $"De {Rows.Count} senaste av {Total} händelser. Tider i svensk tid. Begränsa filtret för att få med resten."
                : $"{Total} händelser, nyast först. Tider i svensk tid.",
            [
                new ReportColumn("Tidpunkt", ColumnKind.Text, 17), new ReportColumn("Användare", ColumnKind.Text, 30),
                new ReportColumn("Objekt", ColumnKind.Text, 24), new ReportColumn("Avser", ColumnKind.Text, 45),
                new ReportColumn("Händelse", ColumnKind.Text, 14), new ReportColumn("Ändringar", ColumnKind.Text, 90),
            ],
            [.. Rows.Select(r => (IReadOnlyList<object?>)[r.Shown.At, r.Shown.User, r.Shown.Kind, r.Shown.Target, r.Shown.Action, string.Join("\n", r.Shown.FieldTexts)])],
            null)]);
}

public sealed class ExportAuditEntriesHandler(AppDbContext db) : IQueryHandler<ExportAuditEntriesQuery, AuditExport>
{
    /// <summary>Entries presented per batch: the presenter looks ids up per batch, so a long export never builds one huge IN list.</summary>
    private const int Batch = 500;

    public async ValueTask<AuditExport> Handle(ExportAuditEntriesQuery query, CancellationToken ct)
    {
        var entries = ListAuditEntriesHandler.Filter(db, query.Filter);
        var total = await entries.CountAsync(ct);
        var presenter = new AuditPresenter(db);
        var rows = new List<AuditRow>();
        var max = Math.Max(0, query.Max);
        while (rows.Count < Math.Min(total, max))
        {
            var batch = await entries
                .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
                .Skip(rows.Count).Take(Math.Min(Batch, max - rows.Count))
                .Select(e => new AuditPresenter.Stored(e.Id, e.AtUtc, e.UserName, e.EntityType, e.EntityId, e.Action, e.Changes))
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            rows.AddRange(await presenter.PresentAsync(batch, ct));
        }
        return new AuditExport(rows, total);
    }
}
