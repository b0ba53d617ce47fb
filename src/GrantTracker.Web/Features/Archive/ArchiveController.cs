using GrantTracker.Application.Features.Archive;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Archive;

/// <summary>
/// Issue 26, part 3: the agreement's archive package (<see cref="ArchiveAgreementQuery"/>) as a download, for the Administratör. The
/// package is written to a file in the upload folder first and then sent from it (deleted when sent; a restart clears the folder): the zip
/// writer writes synchronously, which a response body does not take, and a package with a year's ledger is too large for memory.
/// Not audited: no download is (the trail records changes and sign-ins), and an entry would change the next package's bytes.
/// </summary>
public sealed class ArchiveController(IMediator mediator, UploadFolder uploads) : Controller
{
    [HttpGet("overenskommelser/{id:int}/arkivpaket")]
    [Authorize(Policy = Policies.ArchiveAgreements)]
    public async Task<IActionResult> Download(int id, CancellationToken ct)
    {
        var path = uploads.NewFile("archive", "paket.zip");
        ArchivePackage? package;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                package = await mediator.Send(new ArchiveAgreementQuery(null, file, id), ct);
            }
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
        if (package is null)
        {
            System.IO.File.Delete(path);
            return NotFound();
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        return File(stream, ArchivePackage.MediaType, package.FileName);
    }
}
