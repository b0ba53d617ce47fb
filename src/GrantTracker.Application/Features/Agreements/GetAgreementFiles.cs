using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>The files kept with an agreement, without their bytes: the agreement document first, then the decisions, newest first.</summary>
public sealed record GetAgreementFilesQuery(int AgreementId) : IQuery<IReadOnlyList<AgreementFileView>>;

public sealed record AgreementFileView(int Id, AgreementFileKind Kind, string? Reference, string FileName, long Size, string UploadedBy, DateTime UploadedAtUtc);

public sealed class GetAgreementFilesHandler(AppDbContext db) : IQueryHandler<GetAgreementFilesQuery, IReadOnlyList<AgreementFileView>>
{
    public async ValueTask<IReadOnlyList<AgreementFileView>> Handle(GetAgreementFilesQuery query, CancellationToken ct)
    {
        var files = await db.AgreementFiles.AsNoTracking()
            .Where(f => f.AgreementId == query.AgreementId)
            .Select(f => new AgreementFileView(f.Id, f.Kind, f.Reference, f.FileName, f.Content.Length, f.UploadedBy, f.UploadedAtUtc))
            .ToListAsync(ct);
        return files.OrderBy(f => f.Kind).ThenByDescending(f => f.UploadedAtUtc).ThenByDescending(f => f.Id).ToList();
    }
}
