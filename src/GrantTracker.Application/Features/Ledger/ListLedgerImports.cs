using GrantTracker.Application.Data;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>The import history, newest first.</summary>
public sealed record ListLedgerImportsQuery(int Take = 200) : IQuery<IReadOnlyList<LedgerImportRow>>;

public sealed record LedgerImportRow(
    int Id, string FileName, string Format, string? Encoding, string Source, DateTime ImportedAtUtc, string UserName, string? Months,
    long RowsRead, long RowsStored, long RowsReplaced, long SkippedOtherObject, long SkippedNoObject, ImportStatus Status, int ErrorCount, string? Errors, string Sha256);

public sealed class ListLedgerImportsHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<ListLedgerImportsQuery, IReadOnlyList<LedgerImportRow>>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>): every import, also a refused one, is saved with an audit entry.</summary>
    public async ValueTask<IReadOnlyList<LedgerImportRow>> Handle(ListLedgerImportsQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<IReadOnlyList<LedgerImportRow>> ComputeAsync(ListLedgerImportsQuery query, CancellationToken ct)
    {
        var rows = await db.LedgerImports.AsNoTracking()
            .OrderByDescending(i => i.Id)
            .Take(query.Take)
            .ToListAsync(ct);
        return rows.Select(i => new LedgerImportRow(i.Id, i.FileName, i.Format, i.Encoding, i.Source, i.ImportedAtUtc, i.UserName,
                i.FirstMonth is { } f && i.LastMonth is { } l ? (f == l ? f.ToString() : $"{f}–{l}") : null,
                i.RowsRead, i.RowsStored, i.RowsReplaced, i.SkippedOtherObject, i.SkippedNoObject, i.Status, i.ErrorCount, i.Errors, i.Sha256))
            .ToList();
    }
}
