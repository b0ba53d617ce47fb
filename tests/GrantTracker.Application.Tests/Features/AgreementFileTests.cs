using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Features;

/// <summary>The agreement document and the region's decision kept with the agreement: saved and audited by fingerprint; a refusal writes nothing.</summary>
public sealed class AgreementFileTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: "handlaggare@demo.local");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 beslut RS 2023/456");

    private Task<int> AgreementAsync(string code = "gnv2023") =>
        _db.WithContextAsync(db => db.Agreements.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task A_decision_is_kept_with_its_reference_listed_downloaded_and_audited_by_size_and_fingerprint()
    {
        var id = await AgreementAsync();

        var added = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.Decision, " RS 2023/456 § 12 ",
            new SentFile(@"C:\Users\hl\Beslut RS 2023-456.pdf", "application/x-anything", Pdf)));

        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Message)));
        var listed = Assert.Single(await _db.SendAsync(new GetAgreementFilesQuery(id)));
        Assert.Equal((AgreementFileKind.Decision, "RS 2023/456 § 12", "Beslut RS 2023-456.pdf", (long)Pdf.Length, "handlaggare@demo.local"),
            (listed.Kind, listed.Reference, listed.FileName, listed.Size, listed.UploadedBy));
        var file = (await _db.SendAsync(new GetAgreementFileQuery(id, added.Value)))!;
        Assert.Equal(Pdf, file.Content);
        Assert.Equal("application/pdf", file.ContentType);
        var audit = await _db.WithContextAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == nameof(AgreementFile)));
        Assert.Equal(AuditAction.Skapad, audit.Action);
        Assert.Contains($"{Pdf.Length} byte, SHA-256 ", audit.Changes);
        Assert.DoesNotContain("PDF-1.4", audit.Changes);
    }

    [Fact]
    public async Task A_file_of_another_type_and_a_decision_without_reference_are_refused_together_and_nothing_is_written()
    {
        var id = await AgreementAsync();

        var refused = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.Decision, null, new SentFile("beslut.exe", null, Pdf)));
        var empty = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.AgreementDocument, null, null));
        var tooLarge = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.AgreementDocument, null,
            new SentFile("stor.pdf", "application/pdf", new byte[MarkObligationSentHandler.MaxFileBytes + 1])));
        var checkedOnly = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.AgreementDocument, null,
            new SentFile("overenskommelse.pdf", "application/pdf", Pdf), CheckOnly: true));

        Assert.Equal(
        [
            ("File", "Filen beslut.exe har en filtyp som inte tas emot. Bifoga pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt."),
            ("Reference", "Ange beslutets referens, till exempel RS 2023/456 § 12."),
        ], refused.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal(("File", "Välj filen att bifoga."), (Assert.Single(empty.Errors).Field, empty.Errors[0].Message));
        Assert.Equal("Filen stor.pdf är för stor: högst 20 MB. Spara den som pdf eller dela upp den.", Assert.Single(tooLarge.Errors).Message);
        Assert.True(checkedOnly.Succeeded);
        Assert.Equal(0, await _db.WithContextAsync(db => db.AgreementFiles.CountAsync()));
        Assert.Equal(0, await _db.WithContextAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(AgreementFile))));
    }

    [Fact]
    public async Task A_removed_file_is_gone_the_trail_keeps_its_fingerprint_and_another_agreement_cannot_reach_it()
    {
        var id = await AgreementAsync();
        var other = await AgreementAsync("patientmiljarden");
        var added = await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.AgreementDocument, null, new SentFile("overenskommelse.pdf", null, Pdf)));

        var wrongAgreement = await _db.SendAsync(new RemoveAgreementFileCommand(other, added.Value));
        Assert.Null(await _db.SendAsync(new GetAgreementFileQuery(other, added.Value)));
        var removed = await _db.SendAsync(new RemoveAgreementFileCommand(id, added.Value));
        var again = await _db.SendAsync(new RemoveAgreementFileCommand(id, added.Value));

        Assert.StartsWith("Filen finns inte längre", Assert.Single(wrongAgreement.Errors).Message);
        Assert.True(removed.Succeeded);
        Assert.False(again.Succeeded);
        Assert.Empty(await _db.SendAsync(new GetAgreementFilesQuery(id)));
        Assert.Null(await _db.SendAsync(new GetAgreementFileQuery(id, added.Value)));
        var removal = await _db.WithContextAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == nameof(AgreementFile) && e.Action == AuditAction.Borttagen));
        Assert.Contains("SHA-256", removal.Changes);
    }

    [Fact]
    public async Task The_agreement_document_is_listed_before_the_decisions_and_an_unknown_agreement_is_refused()
    {
        var id = await AgreementAsync();
        await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.Decision, "RS 2023/456 § 12", new SentFile("beslut.pdf", null, Pdf)));
        await _db.SendAsync(new AddAgreementFileCommand(id, AgreementFileKind.AgreementDocument, null, new SentFile("overenskommelse.pdf", null, Pdf)));

        var unknown = await _db.SendAsync(new AddAgreementFileCommand(999_999, AgreementFileKind.AgreementDocument, null, new SentFile("x.pdf", null, Pdf)));

        Assert.Equal(["overenskommelse.pdf", "beslut.pdf"], (await _db.SendAsync(new GetAgreementFilesQuery(id))).Select(f => f.FileName));
        Assert.False(unknown.Succeeded);
    }
}
