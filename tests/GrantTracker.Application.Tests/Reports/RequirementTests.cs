using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Reports;

/// <summary>Reporting requirements as data: the seed's requirements, answers checked per kind, the targets judged, and the report printing them.</summary>
public sealed class RequirementTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<RequirementView> RequirementAsync(string code) =>
        (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.Requirements.Single(r => r.Code == code);

    private Task<Domain.Common.Result> AnswerAsync(RequirementView r, string? text = null, decimal? value = null, DateOnly? on = null, decimal? baseline = null,
        IReadOnlyList<decimal?>? done = null, IReadOnlyList<decimal?>? expected = null, int? women = null, int? men = null) =>
        _db.SendAsync(new SaveRequirementAnswerCommand("gnv2023", 2023, r.Id, text, value, on, null, baseline, done ?? [], expected ?? [], women, men));

    [Fact]
    public async Task The_seed_carries_what_the_documents_ask_to_be_reported_with_their_sections_and_targets()
    {
        var gnv = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!;
        Assert.Equal(12, gnv.For(ObligationKind.Slutredovisning).Count);
        var doctor = gnv.Requirements.Single(r => r.Code == "2.1.3-fast-lakarkontakt");
        Assert.Equal(("2.1.3", RequirementKind.Indicator, "minst 55 %"), (doctor.Section, doctor.Kind, doctor.TargetText));
        Assert.Equal("minst 80 %", gnv.Requirements.Single(r => r.Code == "2.1.3-sarskilt-boende").TargetText);
        Assert.Equal("ökning med minst 20 %", gnv.Requirements.Single(r => r.Code == "2.1.3-kontinuitet-lakare").TargetText);
        Assert.Contains("1 100 invånare per specialistläkare och 550 per ST-läkare", gnv.Requirements.Single(r => r.Code == "2.1.3-riktvarde").Text);
        Assert.Equal(RequirementKind.SexBreakdown, gnv.Requirements.Single(r => r.Section == "2.2.1").Kind);
        var vfu = Assert.Single(gnv.For(ObligationKind.Redovisning));
        Assert.Equal(("2.2.4", RequirementKind.Count), (vfu.Section, vfu.Kind));
        Assert.Equal(["VFU-veckor", "Platser"], vfu.Counted);
        Assert.Single((await _db.SendAsync(new GetRequirementsQuery("patientmiljarden", 2019)))!.Requirements);
    }

    [Fact]
    public async Task An_answer_is_checked_for_its_kind_and_a_refused_one_saves_nothing()
    {
        var doctor = await RequirementAsync("2.1.3-fast-lakarkontakt");
        var refused = await AnswerAsync(doctor, text: "Bra");
        Assert.Equal(["Value", "MeasuredOn"], refused.Errors.Select(e => e.Field));
        Assert.Null((await RequirementAsync("2.1.3-fast-lakarkontakt")).Answer);

        var rise = await RequirementAsync("2.1.3-kontinuitet-lakare");
        Assert.Contains(( await AnswerAsync(rise, value: 0.37m, on: new DateOnly(2023, 12, 31))).Errors, e => e.Field == "Baseline");
        Assert.False((await AnswerAsync(await RequirementAsync("2.1.1-privata"), text: "  ")).Succeeded);
        Assert.False((await AnswerAsync(await RequirementAsync("2.2.1-kvinnor-man"), women: 40)).Succeeded);
        var vfu = await RequirementAsync("2.2.4-vfu");
        Assert.False((await AnswerAsync(vfu, done: [120.5m, 28m], expected: [140m, 30m])).Succeeded);
        Assert.Equal(0, await _db.WithContextAsync(db => db.RequirementAnswers.CountAsync()));

        Assert.True((await AnswerAsync(vfu, done: [120m, 28m], expected: [140m, 30m])).Succeeded);
        var saved = (await RequirementAsync("2.2.4-vfu")).Answer!;
        Assert.Equal([120m, 28m], saved.Done);
        Assert.Equal([140m, 30m], saved.Expected);
        // Answers are changes like any other: in the audit trail.
        Assert.True(await _db.WithContextAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(RequirementAnswer))));
    }

    [Fact]
    public async Task Indicators_are_judged_against_their_targets_and_the_final_report_prints_every_requirement_with_its_answer()
    {
        Assert.True((await AnswerAsync(await RequirementAsync("2.1.3-fast-lakarkontakt"), value: 57.3m, on: new DateOnly(2023, 12, 31))).Succeeded);
        Assert.True((await AnswerAsync(await RequirementAsync("2.1.3-sarskilt-boende"), value: 72m, on: new DateOnly(2023, 12, 31), text: "Bemanningen av SÄBO-läkare ökar 2024.")).Succeeded);
        Assert.True((await AnswerAsync(await RequirementAsync("2.1.3-kontinuitet-lakare"), value: 0.37m, on: new DateOnly(2023, 12, 31), baseline: 0.30m)).Succeeded);
        Assert.True((await AnswerAsync(await RequirementAsync("2.1.3-kontinuitet-totalt"), value: 0.33m, on: new DateOnly(2023, 12, 31), baseline: 0.30m)).Succeeded);
        Assert.True((await AnswerAsync(await RequirementAsync("2.2.1-kvinnor-man"), women: 412, men: 97)).Succeeded);

        Assert.Equal(true, (await RequirementAsync("2.1.3-fast-lakarkontakt")).Meets);
        Assert.Equal(false, (await RequirementAsync("2.1.3-sarskilt-boende")).Meets);
        Assert.Equal(true, (await RequirementAsync("2.1.3-kontinuitet-lakare")).Meets);   // +23,3 %
        Assert.Equal(false, (await RequirementAsync("2.1.3-kontinuitet-totalt")).Meets);  // +10 %

        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var part = GrantReports.FinalReport(data, new DateOnly(2024, 3, 1)).Parts.Single(p => p.Title == "Återrapportering");
        Assert.Equal(12, part.Rows.Count);
        var doctor = part.Rows.Single(r => (string?)r[1] == "Andel av befolkningen som har en namngiven fast läkarkontakt i primärvården.");
        Assert.Equal(["2.1.3", "Indikator", "minst 55 %", "57,3 %, mätt 2023-12-31, källa Primärvårdskvalitet", "Ja"], new[] { doctor[0], doctor[2], doctor[3], doctor[4], doctor[5] });
        Assert.Equal("72 %, mätt 2023-12-31, källa Primärvårdskvalitet; Bemanningen av SÄBO-läkare ökar 2024.", part.Rows.Single(r => ((string)r[1]!).StartsWith("Andel av dem som bor", StringComparison.Ordinal))[4]);
        Assert.Equal("412 kvinnor och 97 män", part.Rows.Single(r => (string?)r[0] == "2.2.1")[4]);
        Assert.Equal("Ej besvarat", part.Rows.Single(r => (string?)r[0] == "2.1.5")[4]);
        // Unanswered requirements keep the report a draft, named by section.
        Assert.Contains(data.Readiness.Missing, m => m.StartsWith("7 återrapporteringskrav saknar svar för 2023: 2.1.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evidence_files_are_kept_with_the_answer_checked_like_every_attachment_and_printed_with_it()
    {
        var vfu = await RequirementAsync("2.2.4-vfu");
        var pdf = new GrantTracker.Application.Features.Deadlines.SentFile("vfu-lista-vt2023.pdf", "application/pdf", "%PDF-1.4 VFU"u8.ToArray());

        var refused = await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, vfu.Id, [new GrantTracker.Application.Features.Deadlines.SentFile("lista.exe", null, [1, 2, 3])]));
        Assert.Contains("filtyp som inte tas emot", refused.Errors[0].Message);
        Assert.Empty((await RequirementAsync("2.2.4-vfu")).Files);

        Assert.True((await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, vfu.Id, [pdf]))).Succeeded);
        var file = Assert.Single((await RequirementAsync("2.2.4-vfu")).Files);
        Assert.Equal(("vfu-lista-vt2023.pdf", 12L), (file.FileName, file.Size));
        Assert.Equal(2023, await _db.WithContextAsync(db => db.RequirementEvidence.Select(e => e.Year).SingleAsync())); // kept with the year's answer

        var stored = (await _db.SendAsync(new GetRequirementEvidenceQuery("gnv2023", file.Id)))!;
        Assert.Equal(pdf.Content, stored.Content);
        Assert.Null(await _db.SendAsync(new GetRequirementEvidenceQuery("patientmiljarden", file.Id))); // not that agreement's file

        var view = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!;
        var report = GrantReports.RequirementsReport(view, ObligationKind.Redovisning, "VFU-redovisning", new DateOnly(2023, 3, 30), null);
        Assert.Equal("vfu-lista-vt2023.pdf", report.Parts[0].Rows.Single()[6]);

        Assert.True((await _db.SendAsync(new RemoveRequirementEvidenceCommand("gnv2023", file.Id))).Succeeded);
        Assert.Empty((await RequirementAsync("2.2.4-vfu")).Files);
        Assert.True(await _db.WithContextAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(RequirementEvidence))));
    }

    [Fact]
    public async Task A_year_the_agreement_does_not_cover_has_no_requirements_to_answer()
    {
        var vfu = await RequirementAsync("2.2.4-vfu");

        Assert.Null(await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2024)));
        var refused = await _db.SendAsync(new SaveRequirementAnswerCommand("gnv2023", 2024, vfu.Id, null, null, null, null, null, [1m, 1m], [1m, 1m], null, null));
        Assert.Equal("Överenskommelsen gäller 2023–2023; 2024 har inget att återrapportera. Välj ett av dess år under Rapporter.", Assert.Single(refused.Errors).Message);
        Assert.False((await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2024, vfu.Id,
            [new GrantTracker.Application.Features.Deadlines.SentFile("a.pdf", null, [1])]))).Succeeded);
        Assert.Equal(0, await _db.WithContextAsync(db => db.RequirementAnswers.CountAsync()));
    }
}
