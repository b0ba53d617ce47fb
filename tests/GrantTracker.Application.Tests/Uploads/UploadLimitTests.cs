using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Uploads;

/// <summary>Issue 23, point 7: a unit's report and a requirement's evidence hold at most the files and megabytes the settings allow.</summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["App:Uploads:MaxFilesPerReport"] = "3", ["App:Uploads:MaxMegabytesPerReport"] = "1",
        ["App:Uploads:MaxFilesPerRequirement"] = "2", ["App:Uploads:MaxMegabytesPerRequirement"] = "1",
    };

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(settings: Settings);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static SentFile Pdf(string name, int kilobytes = 1) => new(name, "application/pdf", [.. "%PDF-1.7\n"u8, .. new byte[kilobytes * 1024]]);

    [Fact]
    public void The_defaults_are_twenty_files_and_a_hundred_megabytes_and_bad_settings_fall_back_to_them()
    {
        Assert.Equal(new UploadLimits(20, 100, 20, 100), UploadLimits.From(new ConfigurationBuilder().Build()));
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:Uploads:MaxFilesPerReport"] = "-3", ["App:Uploads:MaxMegabytesPerRequirement"] = "mycket" }).Build();
        Assert.Equal(UploadLimits.Default, UploadLimits.From(bad));
    }

    [Fact]
    public async Task A_units_report_takes_files_up_to_its_limit_in_number_and_in_megabytes_and_refuses_more_in_Swedish()
    {
        await _db.InScopeAsync(async sp => await DemoListing.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));
        var id = (await _db.SendAsync(new SaveDistributionCommand("24 mkr", "gnv2023", "2.1", 24_000_000, DistributionKey.Halsoval, 2026))).Value;
        var version = (await _db.SendAsync(new GetDistributionQuery(id)))!.Version;
        Assert.True((await _db.SendAsync(new DecideDistributionCommand(id, "RS/1", version, new DateOnly(2024, 1, 31)))).Succeeded);
        string[] own = [DemoListing.ProviderOrganisation];
        SubmitUnitReportCommand Report(params SentFile[] files) => new(id, DemoListing.ProviderUnitCode, "Personal", "100", "Bra", files, own);

        Assert.True((await _db.SendAsync(Report(Pdf("a.pdf"), Pdf("b.pdf"))))!.Succeeded);
        var tooMany = await _db.SendAsync(Report(Pdf("c.pdf"), Pdf("d.pdf")));
        Assert.True((await _db.SendAsync(Report(Pdf("c.pdf"))))!.Succeeded);
        var fourth = await _db.SendAsync(Report(Pdf("d.pdf")));

        Assert.Equal("Återrapporten har redan 2 filer och kan ta högst 3 filer och 1 MB: 2 till ryms inte. Samla underlagen i en pdf, eller be handläggaren om hjälp.",
            Assert.Single(tooMany!.Errors).Message);
        Assert.Contains("Återrapporten har redan 3 filer", fourth!.Errors[0].Message);
        Assert.Equal(3, await _db.WithContextAsync(db => db.UnitReportFiles.CountAsync()));
    }

    [Fact]
    public async Task A_units_report_refuses_a_file_that_would_pass_its_megabytes()
    {
        await _db.InScopeAsync(async sp => await DemoListing.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));
        var id = (await _db.SendAsync(new SaveDistributionCommand("24 mkr", "gnv2023", "2.1", 24_000_000, DistributionKey.Halsoval, 2026))).Value;
        var version = (await _db.SendAsync(new GetDistributionQuery(id)))!.Version;
        Assert.True((await _db.SendAsync(new DecideDistributionCommand(id, "RS/1", version, new DateOnly(2024, 1, 31)))).Succeeded);
        string[] own = [DemoListing.ProviderOrganisation];

        Assert.True((await _db.SendAsync(new SubmitUnitReportCommand(id, DemoListing.ProviderUnitCode, "Personal", "100", "Bra", [Pdf("a.pdf", 700)], own)))!.Succeeded);
        var refused = await _db.SendAsync(new SubmitUnitReportCommand(id, DemoListing.ProviderUnitCode, "Ändrad text", "100", "Bra", [Pdf("b.pdf", 400)], own));

        Assert.StartsWith("Återrapporten har redan 0,7 MB i filer och kan ta högst 3 filer och 1 MB: 0,4 MB till ryms inte.", refused!.Errors[0].Message);
        var report = (await _db.SendAsync(new GetDistributionQuery(id)))!.Units.Single(u => u.UnitCode == DemoListing.ProviderUnitCode).Report!;
        Assert.Equal("Personal", report.Use); // nothing of the refused submission is saved
        Assert.Single(report.Files);
    }

    [Fact]
    public async Task A_requirements_evidence_for_a_year_is_limited_and_removing_a_file_makes_room()
    {
        var requirement = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.Requirements[0];
        Assert.True((await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, requirement.Id, [Pdf("a.pdf"), Pdf("b.pdf")]))).Succeeded);

        var refused = await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, requirement.Id, [Pdf("c.pdf")]));

        Assert.Equal($"Kravet {requirement.Section} för 2023 har redan 2 filer och kan ta högst 2 filer och 1 MB: 1 till ryms inte. Ta bort underlag som inte behövs, eller samla dem i en pdf.",
            Assert.Single(refused.Errors).Message);
        var kept = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.Requirements[0].Files;
        Assert.Equal(2, kept.Count);
        Assert.True((await _db.SendAsync(new RemoveRequirementEvidenceCommand("gnv2023", kept[0].Id))).Succeeded);
        Assert.True((await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, requirement.Id, [Pdf("c.pdf")]))).Succeeded);
        var other = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.Requirements[1];
        var tooLarge = await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, other.Id, [Pdf("d.pdf", 1100)]));
        Assert.Contains("kan ta högst 2 filer och 1 MB", tooLarge.Errors[0].Message);
    }

    [Fact]
    public async Task Evidence_of_a_type_not_taken_is_refused_and_nothing_is_kept()
    {
        var requirement = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.Requirements[0];

        var exe = await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, requirement.Id, [new SentFile("x\u202Efdp.exe", null, [0x4D, 0x5A])]));
        var macro = await _db.SendAsync(new AddRequirementEvidenceCommand("gnv2023", 2023, requirement.Id,
            [new SentFile("tabell.xlsx", null, UploadRuleTests.Package("xl/workbook.xml", macros: true))]));

        Assert.Contains("Filen xfdp.exe har en filtyp som inte tas emot. Bifoga pdf", exe.Errors[0].Message);
        Assert.Contains("innehåller makron", macro.Errors[0].Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.RequirementEvidence.CountAsync()));
    }
}
