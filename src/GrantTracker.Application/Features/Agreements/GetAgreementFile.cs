using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>A file kept with the agreement, for download; null when the agreement has no such file.</summary>
public sealed record GetAgreementFileQuery(int AgreementId, int FileId) : IQuery<KeptFileContent?>;

public sealed class GetAgreementFileHandler(AppDbContext db) : IQueryHandler<GetAgreementFileQuery, KeptFileContent?>
{
    public async ValueTask<KeptFileContent?> Handle(GetAgreementFileQuery query, CancellationToken ct) =>
        await db.AgreementFiles.AsNoTracking()
            .Where(f => f.Id == query.FileId && f.AgreementId == query.AgreementId)
            .Select(f => new KeptFileContent(f.FileName, f.ContentType, f.Content))
            .SingleOrDefaultAsync(ct);
}
