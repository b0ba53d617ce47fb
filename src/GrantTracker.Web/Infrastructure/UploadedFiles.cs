using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Features.Deadlines;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Reads a form's attachments into memory for a use case, refusing one over the size every attachment has
/// (<see cref="MarkObligationSentHandler.MaxFileBytes"/>) before reading it; the use case checks types and counts.
/// </summary>
public static class UploadedFiles
{
    /// <returns>The files, or the Swedish refusal for the first that is too large.</returns>
    public static async Task<(IReadOnlyList<SentFile> Files, string? TooLarge)> ReadAsync(IEnumerable<IFormFile>? files, CancellationToken ct)
    {
        var read = new List<SentFile>();
        foreach (var file in files ?? [])
        {
            if (file.Length > MarkObligationSentHandler.MaxFileBytes)
            {
                return ([], $"Filen {UploadRule.CleanName(file.FileName, "filen")} är för stor: högst {MarkObligationSentHandler.MaxFileBytes / (1024 * 1024)} MB.");
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            read.Add(new SentFile(file.FileName, file.ContentType, buffer.ToArray()));
        }
        return (read, null);
    }
}
