using System.IO.Compression;
using System.Text.Json;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>An app of its own: the journey closes Patientmiljarden out, which makes it read only for any other journey.</summary>
[CollectionDefinition(Name)]
public sealed class CloseOutCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser, close-out";
}

[Collection(CloseOutCollection.Name)]
public sealed class CloseOutJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// Issue 26: Patientmiljarden from "report sent" to Avslutad. Its final report was sent in 2021 and the repayment decided, but not
    /// paid, and finance has closed every month but December 2020. The officer's Avsluta is refused listing both; the officer records the
    /// payment, the Ekonom ties out and closes December, and the officer's Avsluta then makes the agreement Avslutad and read only.
    /// The Administratör then downloads its archive package, which holds the closed agreement and its paid repayment.
    /// </summary>
    [Fact]
    public Task An_agreement_goes_from_report_sent_to_Avslutad_and_its_archive_package_is_downloaded() =>
        InBrowsersAsync(async (officer, ekonom) =>
        {
            int id;
            await using (var scope = Fixture.App.Services.CreateAsyncScope())
            {
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var agreement = await db.Agreements.AsNoTracking().SingleAsync(a => a.Code == "patientmiljarden");
                id = agreement.Id;
                var added = await mediator.Send(new AddObligationCommand(id, agreement.Version, new ObligationFields(ObligationKind.Slutredovisning,
                    "Slutredovisning av Patientmiljarden", "SKR", new DateOnly(2021, 3, 31), false, null)));
                Assert.True(added.Succeeded);
                Assert.True((await mediator.Send(new MarkObligationSentCommand(added.Value, new DateOnly(2021, 3, 29),
                    new SentFile("slutredovisning.pdf", "application/pdf", "%PDF-1.4 slutredovisning"u8.ToArray())))).Succeeded);
                Assert.True((await mediator.Send(new RecordUnusedFundsCommand("patientmiljarden", 2020, 250_000m, UnusedFundsOutcome.Aterbetalas, null,
                    "Kammarkollegiet", null, new DateOnly(2021, 6, 30), "Kammarkollegiet", null, "S2021/01234"))).Succeeded);
                for (var month = new YearMonth(2018, 1); month < new YearMonth(2020, 12); month = month.AddMonths(1))
                {
                    Assert.True((await mediator.Send(new ConfirmMonthTotalsCommand("patientmiljarden", month))).Succeeded);
                    Assert.True((await mediator.Send(new CloseMonthCommand("patientmiljarden", month))).Succeeded);
                }
            }

            await (await SignInPage.OpenAsync(officer)).SignInAsync("handlaggare@demo.local");
            await (await AgreementListPage.OpenFromMenuAsync(officer)).OpenAgreementAsync("Patientmiljarden 2018–2020");
            var closeOut = new CloseOutSection(officer);
            Assert.Equal("Slutredovisad", await closeOut.StatusAsync());
            var missing = await closeOut.MissingAsync();
            Assert.Equal(2, missing.Count);
            Assert.StartsWith("Månaden 2020-12 är inte stängd.", missing[0]);
            Assert.StartsWith("Återbetalningen för 2020, 250 000 kr till Kammarkollegiet, är beslutad men inte betald (planerad 2021-06-30).", missing[1]);
            var refused = await closeOut.CloseAsync();
            Assert.Contains("Månaden 2020-12 är inte stängd.", refused);
            Assert.Equal("Slutredovisad", await closeOut.StatusAsync());

            // The officer records the payment on the final report.
            await officer.GotoAsync("/rapporter/slutredovisning?avtal=patientmiljarden&ar=2020");
            await new FinalReportPage(officer).RecordUnusedFundsAsync("2021-06-28", "Kammarkollegiet, inbetalning 2021-06-28");

            // The Ekonom ties out and closes December 2020.
            await (await SignInPage.OpenAsync(ekonom)).SignInAsync("ekonom@demo.local");
            var reconciliation = await ReconciliationPage.OpenFromMenuAsync(ekonom);
            await reconciliation.ChooseAgreementAsync("Patientmiljarden 2018–2020");
            await reconciliation.ChooseMonthAsync("2020-12");
            await reconciliation.ConfirmTotalsAsync("2020-12");
            await reconciliation.CloseAsync("2020-12");

            await officer.GotoAsync($"/overenskommelser/{id}");
            Assert.Empty(await officer.GetByTestId("close-out-missing").AllAsync());
            Assert.StartsWith("Överenskommelsen är avslutad", await closeOut.CloseAsync());
            Assert.Equal("Avslutad", await closeOut.StatusAsync());
            Assert.Contains("kan bara läsas", await closeOut.ReadOnlyNoticeAsync());
            await officer.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "avslutad.png"), FullPage = false });

            // The Administratör hands the closed agreement's record to the e-archive.
            await ekonom.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
            await ekonom.WaitForURLAsync(url => url.Contains("/konto/logga-in", StringComparison.Ordinal));
            await (await SignInPage.OpenAsync(ekonom)).SignInAsync("admin@demo.local");
            await ekonom.GotoAsync($"/overenskommelser/{id}");
            var download = await ekonom.RunAndWaitForDownloadAsync(() => ekonom.GetByRole(AriaRole.Link, new() { Name = "Ladda ned arkivpaket (zip)" }).ClickAsync());
            Assert.Equal("arkivpaket-patientmiljarden.zip", download.SuggestedFilename);
            var directory = Directory.CreateTempSubdirectory("granttracker-closeout-").FullName;
            try
            {
                var path = Path.Combine(directory, download.SuggestedFilename);
                await download.SaveAsAsync(path);
                using var zip = ZipFile.OpenRead(path);
                Assert.NotNull(zip.GetEntry("patientmiljarden/METS.xml"));
                Assert.NotNull(zip.GetEntry("patientmiljarden/content/avstamning/2020-12.json"));
                using var agreementJson = JsonDocument.Parse(zip.GetEntry("patientmiljarden/content/overenskommelse/overenskommelse.json")!.Open());
                Assert.Equal("Avslutad", agreementJson.RootElement.GetProperty("statusText").GetString());
                var repayment = agreementJson.RootElement.GetProperty("unusedFundsDecisions").EnumerateArray().Single(d => d.GetProperty("year").GetInt32() == 2020);
                Assert.Equal("Kammarkollegiet", repayment.GetProperty("recipient").GetString());
                Assert.Equal("2021-06-28", repayment.GetProperty("paidOn").GetString());
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        });
}
