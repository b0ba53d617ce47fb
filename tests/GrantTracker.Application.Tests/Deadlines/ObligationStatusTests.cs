using System.Text;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Deadlines;

/// <summary>Ej påbörjad → Pågår → Inskickad (with the day, who, and the file kept) and back; the deadline list by today's date.</summary>
public sealed class ObligationStatusTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nSlutredovisning God och nära vård 2023\n%%EOF");
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // Four weeks before the final report is due.
        _db.Clock.Set(new DateTimeOffset(2024, 3, 3, 9, 0, 0, TimeSpan.FromHours(1)));
    }

    public Task DisposeAsync() => _db.DisposeAsync().AsTask();

    private Task<int> FinalReportAsync() =>
        _db.WithContextAsync(db => db.ReportingObligations
            .Where(o => o.Agreement.Code == "gnv2023" && o.Kind == ObligationKind.Slutredovisning).Select(o => o.Id).SingleAsync());

    private async Task<ObligationDetails> GetAsync(int id) => (await _db.SendAsync(new GetObligationQuery(id)))!;

    private static void Succeeds(Result result) => Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));

    private static void Refused(Result result, string message) =>
        Assert.Equal(message, Assert.Single(result.Errors).Message);

    [Fact]
    public async Task A_report_goes_from_not_started_to_in_progress_to_sent_with_the_day_the_sender_and_the_file_kept()
    {
        var id = await FinalReportAsync();
        Assert.Equal(ObligationStatus.EjPaborjad, (await GetAsync(id)).Status);

        Succeeds(await _db.SendAsync(new BeginObligationCommand(id)));
        Refused(await _db.SendAsync(new BeginObligationCommand(id)), "Arbetet med rapporten pågår redan.");
        Assert.Equal(ObligationStatus.Pagar, (await GetAsync(id)).Status);

        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), new SentFile(@"C:\Users\hanna\Slutredovisning 2023.pdf", "application/pdf", Pdf))));

        var sent = await GetAsync(id);
        Assert.Equal(ObligationStatus.Inskickad, sent.Status);
        Assert.Equal(new DateOnly(2024, 3, 1), sent.SentOn);
        Assert.Equal("test@demo.local", sent.SentBy);
        var file = Assert.Single(sent.Files);
        Assert.True(file.Sent);
        Assert.Equal(sent.SentFileId, file.Id);
        Assert.Equal(("Slutredovisning 2023.pdf", "application/pdf", (long)Pdf.Length, "test@demo.local"), (file.FileName, file.ContentType, file.Size, file.UploadedBy));
        var content = (await _db.SendAsync(new GetObligationFileQuery(file.Id)))!;
        Assert.Equal(Pdf, content.Content);

        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 2), new SentFile("igen.pdf", "application/pdf", Pdf))),
            "Rapporten är redan inskickad 2024-03-01.");
        Refused(await _db.SendAsync(new BeginObligationCommand(id)), "Rapporten är redan inskickad 2024-03-01.");
    }

    [Fact]
    public async Task A_report_not_started_can_be_recorded_as_sent_directly()
    {
        var id = await FinalReportAsync();

        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 3), new SentFile("slut.pdf", null, Pdf))));

        var sent = await GetAsync(id);
        Assert.Equal(ObligationStatus.Inskickad, sent.Status);
        Assert.Equal("application/pdf", Assert.Single(sent.Files).ContentType); // from the checked extension, whatever the browser said
    }

    [Fact]
    public async Task Reopening_a_sent_report_puts_it_back_in_progress_and_keeps_the_file()
    {
        var id = await FinalReportAsync();
        Refused(await _db.SendAsync(new ReopenObligationCommand(id)), "Bara en inskickad rapport kan öppnas igen.");
        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), new SentFile("fel-version.pdf", "application/pdf", Pdf))));

        Succeeds(await _db.SendAsync(new ReopenObligationCommand(id)));

        var reopened = await GetAsync(id);
        Assert.Equal(ObligationStatus.Pagar, reopened.Status);
        Assert.Null(reopened.SentOn);
        Assert.Null(reopened.SentBy);
        Assert.Null(reopened.SentFileId);
        var kept = Assert.Single(reopened.Files);
        Assert.Equal("fel-version.pdf", kept.FileName);
        Assert.False(kept.Sent);

        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 2), new SentFile("rätt-version.pdf", "application/pdf", Pdf))));
        var again = await GetAsync(id);
        Assert.Equal(2, again.Files.Count);
        Assert.Equal("rätt-version.pdf", again.Files.Single(f => f.Sent).FileName);
    }

    [Fact]
    public async Task A_submission_without_a_file_with_an_empty_or_too_large_file_or_in_the_future_is_refused_and_nothing_is_kept()
    {
        var id = await FinalReportAsync();
        const string noFile = "Bifoga filen som skickades, till exempel rapporten som pdf eller kvittot från e-tjänsten.";

        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), null)), noFile);
        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), new SentFile("tom.pdf", "application/pdf", []))), noFile);
        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1),
            new SentFile("stor.pdf", "application/pdf", new byte[MarkObligationSentHandler.MaxFileBytes + 1]))), MarkObligationSentHandler.TooLarge);
        // Today in Sweden is 2024-03-03.
        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 4), new SentFile("slut.pdf", "application/pdf", Pdf))),
            "Datumet då rapporten skickades kan inte ligga i framtiden.");

        var unchanged = await GetAsync(id);
        Assert.Equal(ObligationStatus.EjPaborjad, unchanged.Status);
        Assert.Empty(unchanged.Files);
        Assert.Equal(0, await _db.WithContextAsync(db => db.ObligationFiles.CountAsync()));
    }

    [Fact]
    public async Task The_owner_is_the_agreement_s_responsible_until_someone_is_named()
    {
        var id = await FinalReportAsync();
        const string hospa = "Chef på Hälso- och sjukvårdspolitiska avdelningen (HOSPA)";
        DeadlineRow Row(DeadlineList list) => list.Rows.Single(r => r.Id == id);

        Assert.Equal((hospa, false), (Row(await _db.SendAsync(new ListDeadlinesQuery())).Owner, Row(await _db.SendAsync(new ListDeadlinesQuery())).OwnerNamed));

        Succeeds(await _db.SendAsync(new SetObligationOwnerCommand(id, "  Hanna Handläggare ")));
        var named = Row(await _db.SendAsync(new ListDeadlinesQuery()));
        Assert.Equal(("Hanna Handläggare", true), (named.Owner, named.OwnerNamed));

        Refused(await _db.SendAsync(new SetObligationOwnerCommand(id, new string('x', 201))), "Ansvarig får vara högst 200 tecken.");

        Succeeds(await _db.SendAsync(new SetObligationOwnerCommand(id, " ")));
        Assert.Equal(hospa, Row(await _db.SendAsync(new ListDeadlinesQuery())).Owner);
    }

    [Fact]
    public async Task A_change_to_an_obligation_that_does_not_exist_is_refused_in_Swedish()
    {
        Refused(await _db.SendAsync(new BeginObligationCommand(987_654)), "Rapporteringskravet finns inte. Gå tillbaka till Deadlines och försök igen.");
        Assert.Null(await _db.SendAsync(new GetObligationQuery(987_654)));
    }

    [Fact]
    public async Task Deadlines_are_grouped_by_days_from_the_Swedish_date_and_a_sent_report_is_no_longer_overdue()
    {
        var id = await FinalReportAsync();
        // 23:30 UTC on 1 March is already 2 March in Sweden: 29 days left to 31 March.
        _db.Clock.Set(new DateTimeOffset(2024, 3, 1, 23, 30, 0, TimeSpan.Zero));

        var list = await _db.SendAsync(new ListDeadlinesQuery());

        Assert.Equal(new DateOnly(2024, 3, 2), list.Today);
        var final = list.Rows.Single(r => r.Id == id);
        Assert.Equal(29, final.DaysLeft);
        Assert.Equal([id], list.Due(0, 30).Select(r => r.Id));
        Assert.Equal(16, list.Overdue.Count());
        Assert.Empty(list.Later(30));
        Assert.NotNull(final.Readiness);
        Assert.Equal(4, final.Readiness!.Missing.Count); // months, activities, unused money, unanswered requirements

        var vfu = list.Overdue.Single(r => r.Kind == ObligationKind.Redovisning).Id;
        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(vfu, new DateOnly(2023, 3, 30), new SentFile("vfu.pdf", "application/pdf", Pdf))));

        var after = await _db.SendAsync(new ListDeadlinesQuery());
        Assert.Equal(15, after.Overdue.Count());
        var sent = Assert.Single(after.Sent);
        Assert.Equal((vfu, (Readiness?)null), (sent.Id, sent.Readiness));

        var startPage = await _db.SendAsync(new ListDeadlinesQuery(HorizonDays: 30));
        Assert.Equal(16, startPage.Rows.Count);
        Assert.DoesNotContain(startPage.Rows, r => r.Id == vfu);
        _db.Clock.Set(new DateTimeOffset(2024, 2, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain((await _db.SendAsync(new ListDeadlinesQuery(HorizonDays: 30))).Rows, r => r.Id == id);
    }

    [Fact]
    public async Task A_report_marked_sent_or_reopened_from_a_page_opened_before_another_change_is_refused_and_no_file_is_kept()
    {
        var id = await FinalReportAsync();
        var opened = (await GetAsync(id)).AgreementVersion;
        Succeeds(await _db.SendAsync(new SetObligationOwnerCommand(id, "Hanna Handläggare", opened)));
        var now = (await GetAsync(id)).AgreementVersion;
        Assert.True(now > opened, "a change to an obligation moves its agreement's version");

        var stale = "Någon annan har ändrat rapporten eller överenskommelsen sedan du öppnade sidan. Din ändring är inte sparad: läs in sidan igen, se vad som ändrats och gör om din ändring.";
        Refused(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), new SentFile("slut.pdf", null, Pdf), opened)), stale);
        Refused(await _db.SendAsync(new BeginObligationCommand(id, opened)), stale);

        var after = await GetAsync(id);
        Assert.Equal(ObligationStatus.EjPaborjad, after.Status);
        Assert.Empty(after.Files);
        Assert.Equal("Hanna Handläggare", after.Owner);
        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(id, new DateOnly(2024, 3, 1), new SentFile("slut.pdf", null, Pdf), now)));
        Refused(await _db.SendAsync(new ReopenObligationCommand(id, now)), stale);
        Succeeds(await _db.SendAsync(new ReopenObligationCommand(id, (await GetAsync(id)).AgreementVersion)));
    }
}
