using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Distribution;

/// <summary>The units' reports back and bookings on a decided distribution of the 24 mkr, on a real database.</summary>
public sealed class UnitReportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _id;

    private const string OwnUnit = DemoListing.ProviderUnitCode;
    private static readonly string[] Own = [DemoListing.ProviderOrganisation];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await _db.InScopeAsync(async sp => await DemoListing.EnsureAsync(sp.GetRequiredService<GrantTracker.Application.Data.AppDbContext>(), sp.GetRequiredService<IMediator>()));
        _id = (await _db.SendAsync(new SaveDistributionCommand("24 mkr till vårdenheterna 2023", "gnv2023", "2.1", 24_000_000, DistributionKey.Halsoval, 2026))).Value;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task DecideAsync(DateOnly? deadline = null)
    {
        var version = (await _db.SendAsync(new GetDistributionQuery(_id)))!.Version;
        Assert.True((await _db.SendAsync(new DecideDistributionCommand(_id, "RS/123/2023 § 45", version, deadline))).Succeeded);
    }

    [Fact]
    public async Task A_decision_without_a_deadline_gets_eight_weeks_before_the_final_report()
    {
        var draft = await _db.SendAsync(new GetDistributionQuery(_id));
        await DecideAsync();

        var decided = await _db.SendAsync(new GetDistributionQuery(_id));

        // The final report of God och nära vård 2023 is due 2024-03-31; the test's today is 2023-06-15.
        Assert.Equal(new DateOnly(2024, 2, 4), draft!.SuggestedReportDeadline);
        Assert.Equal(new DateOnly(2024, 2, 4), decided!.ReportDeadline);
    }

    [Fact]
    public async Task A_units_report_is_audited_its_unused_money_computed_and_a_provider_reaches_only_its_own_unit()
    {
        var none = await _db.SendAsync(new SubmitUnitReportCommand(_id, OwnUnit, "Personal", "100", "Bra", [], Own));
        Assert.Null(none); // not decided: not the provider's to see yet
        await DecideAsync(new DateOnly(2024, 1, 31));

        var other = await _db.SendAsync(new SubmitUnitReportCommand(_id, "SE2321000222-HC01", "Personal", "100", "Bra", [], Own));
        var result = await _db.SendAsync(new SubmitUnitReportCommand(_id, OwnUnit, "Distriktssköterska", "200 000", "Fler hembesök",
            [new SentFile("underlag.pdf", "application/pdf", "%PDF-1.4"u8.ToArray())], Own));

        Assert.Null(other);
        Assert.True(result!.Succeeded);
        var view = (await _db.SendAsync(new GetDistributionQuery(_id, Own)))!;
        var unit = Assert.Single(view.Units);
        Assert.Equal(OwnUnit, unit.UnitCode);
        Assert.Equal(unit.Amount - 200_000m, unit.Report!.Unused);
        Assert.Equal(unit.Amount - 200_000m, view.ToRepay);
        Assert.Equal(unit.Amount, view.Amount); // the provider's own sum, not the 24 mkr
        var audit = await _db.WithContextAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(UnitReport) || a.EntityType == nameof(UnitReportFile)).ToListAsync());
        Assert.Contains(audit, a => a.EntityType == nameof(UnitReport) && a.Changes.Contains("Distriktssk") && a.Changes.Contains("200000") && a.UserName == "test@demo.local");
        Assert.Contains(audit, a => a.EntityType == nameof(UnitReportFile) && a.Changes.Contains("SHA-256"));

        var all = (await _db.SendAsync(new GetDistributionQuery(_id)))!;
        Assert.Equal(24, all.Units.Count);
        Assert.Equal(1, all.Reported);
        var deadlines = await _db.SendAsync(new ListUnitReportDeadlinesQuery(Own));
        Assert.Equal((new DateOnly(2024, 1, 31), 1, 1), (deadlines.Single().DueDate, deadlines.Single().Units, deadlines.Single().Reported));
        Assert.Equal((24, 1), ((await _db.SendAsync(new ListUnitReportDeadlinesQuery())).Single().Units, (await _db.SendAsync(new ListUnitReportDeadlinesQuery())).Single().Reported));
    }

    [Fact]
    public async Task A_refused_report_saves_nothing()
    {
        await DecideAsync();

        var refused = await _db.SendAsync(new SubmitUnitReportCommand(_id, OwnUnit, "", "-5", "", [new SentFile("a.pdf", "application/pdf", "%PDF-1.4"u8.ToArray())], Own));
        var badFile = await _db.SendAsync(new SubmitUnitReportCommand(_id, OwnUnit, "Personal", "5", "Bra", [new SentFile("a.exe", null, [1])], Own));

        Assert.Equal(3, refused!.Errors.Count);
        Assert.Contains("filtyp", badFile!.Errors.Single().Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.UnitReports.CountAsync()));
        Assert.Equal(0, await _db.WithContextAsync(db => db.UnitReportFiles.CountAsync()));
    }

    [Fact]
    public async Task Each_units_bookings_come_from_the_month_totals_of_its_project_code_on_the_lines_cost_object_in_the_agreements_period()
    {
        await DecideAsync();
        await _db.WithContextAsync(async db =>
        {
            db.LedgerMonthTotals.AddRange(
                Total("2023-03", OwnUnit, 5010, 120_000m),
                Total("2023-11", OwnUnit, 6420, 30_000.50m),
                Total("2023-04", OwnUnit, 3010, -500_000m), // income: not a cost
                Total("2019-05", OwnUnit, 5010, 77_000m), // 9916 belonged to Patientmiljarden then
                Total("2023-03", "SE2321000222-HC01", 5010, 10_000m),
                Total("2023-03", "", 5010, 999_000m)); // no project: the line's, not a unit's
            await db.SaveChangesAsync();
        });

        var view = (await _db.SendAsync(new GetDistributionQuery(_id)))!;

        var own = view.Units.Single(u => u.UnitCode == OwnUnit);
        Assert.Equal(OwnUnit, own.ProjectCode);
        Assert.Equal(150_000.50m, own.Booked);
        Assert.Equal(own.Amount - 150_000.50m, own.Remaining);
        Assert.Equal(10_000m, view.Units.Single(u => u.UnitCode == "SE2321000222-HC01").Booked);
        Assert.Equal(0m, view.Units.Single(u => u.UnitCode == "P-0002").Booked);

        // The ledger books HC01's costs on another project code: once set, they count from it.
        await _db.WithContextAsync(async db =>
        {
            db.LedgerMonthTotals.Add(Total("2023-05", "4711", 5010, 2_500m));
            await db.SaveChangesAsync();
        });
        var refused = await _db.SendAsync(new SetUnitProjectCodeCommand(_id, "SE2321000222-HC01", " "));
        var set = await _db.SendAsync(new SetUnitProjectCodeCommand(_id, "SE2321000222-HC01", "4711"));
        var unknown = await _db.SendAsync(new SetUnitProjectCodeCommand(_id, "SE-okand", "4711"));

        Assert.Contains("projektkoden", refused!.Errors.Single().Message);
        Assert.True(set!.Succeeded);
        Assert.Null(unknown);
        var again = (await _db.SendAsync(new GetDistributionQuery(_id)))!.Units.Single(u => u.UnitCode == "SE2321000222-HC01");
        Assert.Equal(("4711", 2_500m), (again.ProjectCode, again.Booked));
    }

    [Fact]
    public async Task The_final_report_has_a_sheet_per_decided_distribution_with_public_and_private_subtotals_and_a_missing_report_is_an_open_point()
    {
        await DecideAsync();
        await _db.SendAsync(new SubmitUnitReportCommand(_id, OwnUnit, "Distriktssköterska", "200 000", "Fler hembesök", [], Own));

        var data = (await _db.SendAsync(new GrantTracker.Application.Features.Reports.GetFinalReportQuery("gnv2023", 2023)))!;
        var document = GrantTracker.Application.Reports.GrantReports.FinalReport(data, new DateOnly(2023, 6, 15));
        using var stream = new MemoryStream();
        GrantTracker.Application.Reports.ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        using var workbook = new ClosedXML.Excel.XLWorkbook(stream);

        Assert.Contains(document.OpenPoints!, p => p.StartsWith("23 vårdenheter har inte återrapporterat fördelningen 24 mkr till vårdenheterna 2023", StringComparison.Ordinal));
        var sheet = workbook.Worksheet($"Fördelning 2.1 nr {_id}");
        var rows = sheet.RowsUsed().Select(r => r.Cells(1, 8).Select(c => c.GetFormattedString()).ToList()).ToList();
        var own = rows.Single(r => r[0] == OwnUnit);
        var view = (await _db.SendAsync(new GetDistributionQuery(_id)))!;
        var ownAmount = view.Units.Single(u => u.UnitCode == OwnUnit).Amount;
        Assert.Equal(["Privat", "Distriktssköterska", "Fler hembesök"], [own[2], own[4], own[5]]);
        Assert.Equal(ownAmount - 200_000m, (decimal)sheet.RowsUsed().Single(r => r.Cell(1).GetString() == OwnUnit).Cell(8).GetDouble());
        Assert.Equal("Återrapport saknas", rows.Single(r => r[0] == "SE2321000222-HC01")[4]);
        Assert.Contains(rows, r => r[0] == "Privata vårdenheter");
        Assert.Contains(rows, r => r[0] == "Offentliga vårdenheter");
        var sums = sheet.Column(4).CellsUsed().Where(c => c.DataType == ClosedXML.Excel.XLDataType.Number).Select(c => (decimal)c.GetDouble()).ToList();
        // 24 units, the public and private subtotals, the total.
        Assert.Equal(27, sums.Count);
        Assert.Equal(24_000_000m, sums[^1]);
        Assert.Equal(24_000_000m, sums[^3] + sums[^2]);
        Assert.Equal(view.Private, sums[^2]);
        Assert.True(sheet.Column(5).Width > 20, "text columns have set widths");
    }

    private static LedgerMonthTotal Total(string month, string project, int account, decimal amount) => new()
    {
        Source = "test", Month = YearMonth.Parse(month), CostObject = "9916", AccountNumber = account, Project = project, Rows = 1, Amount = amount,
        AbsoluteAmount = Math.Abs(amount),
    };
}
