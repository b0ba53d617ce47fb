using GrantTracker.Application.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>A kept file's bytes, for download; null when it does not exist.</summary>
public sealed record GetObligationFileQuery(int FileId) : IQuery<KeptFileContent?>;

public sealed record KeptFileContent(string FileName, string ContentType, byte[] Content);

public sealed class GetObligationFileHandler(AppDbContext db) : IQueryHandler<GetObligationFileQuery, KeptFileContent?>
{
    public async ValueTask<KeptFileContent?> Handle(GetObligationFileQuery query, CancellationToken ct) =>
        await db.ObligationFiles.AsNoTracking()
            .Where(f => f.Id == query.FileId)
            .Select(f => new KeptFileContent(f.FileName, f.ContentType, f.Content))
            .SingleOrDefaultAsync(ct);
}
