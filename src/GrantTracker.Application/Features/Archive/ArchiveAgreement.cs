using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Archive;

/// <summary>
/// Writes an agreement's archive package (arkivpaket) to <paramref name="Output"/>: one zip for the region's e-archive, laid out after
/// FGS Paketstruktur (a folder named by the package, <c>METS.xml</c>, <c>metadata/</c>, <c>content/</c>) and holding the definition in the
/// agreement file format, the activities with their decisions and exit budgets, the month totals, tie-outs and the reconciliation of
/// every closed month, the notes on exceptions and the rows moved, the reports sent with their files, the requirements' answers and
/// evidence, the distributions with the units' reports and files, the ledger rows of the agreement's objects and months (CSV, streamed:
/// never all in memory), the agreement's audit trail, a manifest of every file (SHA-256, size, media type) and a README in Swedish
/// (ADR 25). Deterministic: the same database gives the same bytes; no date in it comes from the clock. Null, with nothing written, when
/// no agreement has the code. Reads only: it changes nothing and is not audited (no download is).
/// </summary>
/// <param name="Code">The agreement's code (the CLI), or null with <paramref name="Id"/> (the page).</param>
/// <param name="Output">Written forward only, synchronously and asynchronously (a file); left open.</param>
public sealed record ArchiveAgreementQuery(string? Code, Stream Output, int? Id = null) : IQuery<ArchivePackage?>;

/// <param name="FileName">For example <c>arkivpaket-gnv2023.zip</c>.</param>
/// <param name="Files">Every file the manifest lists (METS.xml itself aside), by path.</param>
public sealed record ArchivePackage(string Code, string FileName, IReadOnlyList<ArchiveFile> Files, long LedgerRows)
{
    public static string FileNameFor(string code) => $"arkivpaket-{code}.zip";

    public const string MediaType = "application/zip";
}

public sealed class ArchiveAgreementHandler(AppDbContext db, ReconciliationSettings settings) : IQueryHandler<ArchiveAgreementQuery, ArchivePackage?>
{
    public async ValueTask<ArchivePackage?> Handle(ArchiveAgreementQuery query, CancellationToken ct)
    {
        var wanted = query.Code?.Trim().ToLowerInvariant();
        var agreement = await db.Agreements.AsNoTracking().Include(a => a.CostObjects)
            .Where(a => query.Id != null ? a.Id == query.Id : a.Code == wanted)
            .SingleOrDefaultAsync(ct);
        if (agreement is null)
        {
            return null;
        }
        var code = agreement.Code;
        var id = agreement.Id;
        var periods = new ArchiveAuditTrail.Periods(agreement.CostObjects
            .OrderBy(p => p.CostObjectCode, StringComparer.Ordinal).ThenBy(p => p.From)
            .Select(p => (p.CostObjectCode, p.From, p.To)).ToList());

        var trail = await ArchiveAuditTrail.ReadAsync(db, id, periods, ct);
        // The package's date is the agreement's last recorded change: the same database always gives the same date.
        var packageDate = trail.Count > 0 ? trail.Max(e => e.AtUtc) : agreement.EndDate.ToDateTime(TimeOnly.MinValue);

        var definition = await DefinitionSource.ReadAsync(db, id, null, ct)
                         ?? throw new InvalidOperationException($"The agreement {code} disappeared while it was archived.");
        var root = code;
        long ledgerRows;
        await using (var zip = new ArchiveZip(query.Output, root, packageDate))
        {
            var content = new ArchiveContent(db, settings, zip, id, periods);
            await zip.AddAsync($"content/definition/{code}.json", DefinitionWriter.Write(definition), "application/json", ct);
            await content.AgreementAsync(ct);
            await content.ActivitiesAsync(ct);
            await content.ReconciliationAsync(ct);
            await content.ReportsAsync(ct);
            await content.DistributionsAsync(ct);
            await content.MonthTotalsAsync(ct);
            ledgerRows = await content.LedgerRowsAsync(ct);
            await content.AuditTrailAsync(trail, ct);

            var description = new ArchiveDescription(agreement.Code, agreement.Name, agreement.Counterparty, agreement.DiaryNumber,
                agreement.StartDate, agreement.EndDate, Domain.Agreements.AgreementStatusText.Swedish(agreement.Status), packageDate, ledgerRows, trail.Count);
            await zip.AddTextAsync("metadata/overenskommelse.xml", ArchiveManifest.Description(description), "application/xml", ct);
            await zip.AddTextAsync("README.txt", ArchiveManifest.Readme(description), "text/plain", ct);
            var files = zip.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            await zip.AddTextAsync(ArchiveManifest.FileName, ArchiveManifest.Mets(description, files), "application/xml", ct);
            return new ArchivePackage(code, ArchivePackage.FileNameFor(code), files, ledgerRows);
        }
    }
}

/// <summary>What the manifest, the descriptive metadata and the README say about the package.</summary>
internal sealed record ArchiveDescription(string Code, string Name, string Counterparty, string? DiaryNumber, DateOnly Start, DateOnly End,
    string Status, DateTime PackageDateUtc, long LedgerRows, int AuditEntries);

/// <summary>The parts of the package, each read from the database and written as it is read: one file or a few at a time in memory.</summary>
internal sealed class ArchiveContent(AppDbContext db, ReconciliationSettings settings, ArchiveZip zip, int agreementId, ArchiveAuditTrail.Periods periods)
{
    private static string Utc(DateTime value) => ArchiveZip.Utc(value);

    private static string? Utc(DateTime? value) => ArchiveZip.Utc(value);

    /// <summary>The agreement's state beside its definition: status, the state's payments, unused-funds decisions, condition statements and kept documents.</summary>
    public async Task AgreementAsync(CancellationToken ct)
    {
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.Id == agreementId)
            .Select(a => new { a.Code, a.Name, a.Status, a.ClosedOn, a.ClosedBy, a.ReopenReason }).SingleAsync(ct);
        var payments = await db.GrantPayments.AsNoTracking().Where(p => p.AgreementId == agreementId).OrderBy(p => p.Date).ThenBy(p => p.Id).ToListAsync(ct);
        var decisions = await db.UnusedFundsDecisions.AsNoTracking().Where(d => d.AgreementId == agreementId).OrderBy(d => d.Year).ThenBy(d => d.Id).ToListAsync(ct);
        var conditions = await db.AgreementConditions.AsNoTracking().Where(c => c.AgreementId == agreementId).Select(c => new { c.Id, c.Code }).ToListAsync(ct);
        var conditionCode = conditions.ToDictionary(c => c.Id, c => c.Code);
        var statements = await db.ConditionStatements.AsNoTracking().Where(s => s.AgreementId == agreementId).OrderBy(s => s.Year).ThenBy(s => s.Id).ToListAsync(ct);
        var files = await db.AgreementFiles.AsNoTracking().Where(f => f.AgreementId == agreementId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Kind, f.Reference, f.FileName, f.ContentType, f.UploadedAtUtc, f.UploadedBy }).ToListAsync(ct);

        var kept = new List<object>();
        foreach (var file in files)
        {
            var path = $"content/overenskommelse/dokument/{file.Id:D6}-{ArchiveZip.Segment(file.FileName)}";
            var bytes = await db.AgreementFiles.AsNoTracking().Where(f => f.Id == file.Id).Select(f => f.Content).SingleAsync(ct);
            await zip.AddAsync(path, bytes, file.ContentType, ct);
            kept.Add(new
            {
                id = file.Id, kind = file.Kind.ToString(), kindText = Domain.Agreements.AgreementFileKindText.Swedish(file.Kind), reference = file.Reference,
                fileName = file.FileName, path, uploadedAtUtc = Utc(file.UploadedAtUtc), uploadedBy = file.UploadedBy,
            });
        }
        await zip.AddJsonAsync("content/overenskommelse/overenskommelse.json", new
        {
            code = agreement.Code,
            name = agreement.Name,
            status = agreement.Status.ToString(),
            statusText = Domain.Agreements.AgreementStatusText.Swedish(agreement.Status),
            closedOn = ArchiveZip.Date(agreement.ClosedOn),
            closedBy = agreement.ClosedBy,
            reopenReason = agreement.ReopenReason,
            documents = kept,
            payments = payments.Select(p => new { id = p.Id, date = ArchiveZip.Date(p.Date), amount = p.Amount, reference = p.Reference, recordedAtUtc = Utc(p.RecordedAtUtc), recordedBy = p.RecordedBy }),
            unusedFundsDecisions = decisions.Select(d => new
            {
                id = d.Id, year = d.Year, amount = d.Amount, outcome = d.Outcome.ToString(), recipient = d.Recipient, decidedAmount = d.DecidedAmount,
                decisionReference = d.DecisionReference, plannedOn = ArchiveZip.Date(d.PlannedOn), paidOn = ArchiveZip.Date(d.PaidOn),
                reference = d.Reference, note = d.Note, decidedAtUtc = Utc(d.DecidedAtUtc), decidedBy = d.DecidedBy,
            }),
            conditionStatements = statements.Select(s => new
            {
                id = s.Id, condition = conditionCode.GetValueOrDefault(s.ConditionId), year = s.Year, text = s.Text, writtenAtUtc = Utc(s.WrittenAtUtc), writtenBy = s.WrittenBy,
            }),
        }, ct);
    }

    /// <summary>Every activity with its decision, status history, budgets, exit budget and investment, by number.</summary>
    public async Task ActivitiesAsync(CancellationToken ct)
    {
        var activities = await db.Activities.AsNoTracking().Where(a => a.AgreementId == agreementId).ToListAsync(ct);
        var lines = await db.AllocationLines.AsNoTracking().Where(l => l.AgreementId == agreementId).Select(l => new { l.Id, l.Code, l.Year }).ToListAsync(ct);
        var lineById = lines.ToDictionary(l => l.Id);
        await zip.AddJsonAsync("content/insatser/insatser.json", activities.OrderBy(a => a.Number).Select(a => new
        {
            number = a.Number,
            measure = a.Measure,
            goal = a.Goal,
            fundsFor = a.FundsFor,
            status = a.Status.ToString(),
            statusText = Domain.Activities.ActivityText.Swedish(a.Status),
            costObject = a.CostObjectCode,
            line = a.AllocationLineId is { } l && lineById.TryGetValue(l, out var line) ? line.Code : null,
            lineYear = a.AllocationLineId is { } y && lineById.TryGetValue(y, out var yearLine) ? yearLine.Year : (int?)null,
            projectCode = a.ProjectCode,
            earmark = a.Earmark,
            responsiblePerson = a.ResponsiblePerson,
            responsibleUnit = a.ResponsibleUnit,
            performer = a.PerformerName,
            performerKind = a.PerformerKind.ToString(),
            startDate = ArchiveZip.Date(a.StartDate),
            endDate = ArchiveZip.Date(a.EndDate),
            decision = new { date = ArchiveZip.Date(a.DecisionDate), reference = a.DecisionReference, note = a.DecisionNote },
            budgets = a.Budgets.OrderBy(b => b.Year).Select(b => new { year = b.Year, amount = b.Amount }),
            exitBudget = a.ExitPlan is { } e ? new
            {
                strategy = e.Strategy.ToString(), strategyText = Domain.Activities.ActivityText.Swedish(e.Strategy), yearlyCostAfterGrant = e.YearlyCostAfterGrant,
                fundingSource = e.FundingSource, replacedWork = e.ReplacedWork, replacedSavings = e.ReplacedSavings, windDownDate = ArchiveZip.Date(e.WindDownDate),
                description = e.Description,
            } : null,
            investment = a.Investment is { } i ? new { amount = i.Amount, depreciationYears = i.DepreciationYears, firstYear = i.FirstYear } : null,
            history = a.Transitions.OrderBy(t => t.AtUtc).Select(t => new { from = t.From.ToString(), to = t.To.ToString(), atUtc = Utc(t.AtUtc), by = t.UserName, note = t.Note }),
        }).ToList(), ct);
    }

    /// <summary>
    /// The closed months (closed, reopened, by whom and why), the reconciliation through each month that is closed, the notes on
    /// exceptions and the rows moved between lines. Nothing a closed month's figures depend on can change while it is closed
    /// (<see cref="ClosedMonthGuard"/>, the import's closed-month rule), so the reconciliation computed now is the one the month was closed on.
    /// </summary>
    public async Task ReconciliationAsync(CancellationToken ct)
    {
        var closed = await db.ClosedMonths.AsNoTracking().Where(c => c.AgreementId == agreementId).OrderBy(c => c.Month).ToListAsync(ct);
        await zip.AddJsonAsync("content/avstamning/stangda-manader.json", closed.Select(c => new
        {
            month = c.Month.ToString(), closed = c.IsClosed, closedAtUtc = Utc(c.ClosedAtUtc), closedBy = c.ClosedBy,
            reopenedAtUtc = Utc(c.ReopenedAtUtc), reopenedBy = c.ReopenedBy, reopenReason = c.ReopenReason,
        }).ToList(), ct);

        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(agreementId, ct);
        if (context is not null)
        {
            foreach (var year in closed.Where(c => c.IsClosed).GroupBy(c => c.Month.Year).OrderBy(g => g.Key))
            {
                var months = year.Select(c => c.Month).OrderBy(m => m).ToList();
                var read = await ReconcileHandler.ReadAsync(engine, context, months[^1], ct);
                foreach (var month in months)
                {
                    await zip.AddJsonAsync($"content/avstamning/{month}.json", Reconciliation(read.Through(month)), ct);
                }
            }
        }

        var notes = await db.ExceptionNotes.AsNoTracking().Where(n => n.AgreementId == agreementId).OrderBy(n => n.Id).ToListAsync(ct);
        await zip.AddJsonAsync("content/avstamning/kommentarer.json", notes.Select(n => new
        {
            id = n.Id, kind = ReconciliationException.KindName(n.Kind), kindText = ReconciliationException.KindText(n.Kind), costObject = n.CostObject, key = n.Key,
            month = n.Month?.ToString(), amount = n.Amount, rows = n.Rows, text = n.Text, resolved = n.Resolved, writtenAtUtc = Utc(n.WrittenAtUtc), writtenBy = n.WrittenBy,
        }).ToList(), ct);

        var lineCodes = await db.AllocationLines.AsNoTracking().Where(l => l.AgreementId == agreementId).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
        var moves = await db.RowAssignments.AsNoTracking().Where(r => r.AgreementId == agreementId).OrderBy(r => r.Id).ToListAsync(ct);
        await zip.AddJsonAsync("content/avstamning/flyttade-rader.json", moves.Select(r => new
        {
            id = r.Id, line = lineCodes.GetValueOrDefault(r.LineId), source = r.Source, month = r.Month.ToString(), voucherSeries = r.VoucherSeries, voucherNumber = r.VoucherNumber,
            voucherDate = ArchiveZip.Date(r.VoucherDate), account = r.Account, costObject = r.CostObject, amount = r.Amount, reason = r.Reason,
            assignedAtUtc = Utc(r.AssignedAtUtc), assignedBy = r.AssignedBy,
        }).ToList(), ct);
    }

    private static object Reconciliation(ReconciliationResult r) => new
    {
        agreement = r.AgreementCode,
        agreementName = r.AgreementName,
        through = r.Through.ToString(),
        year = r.Year,
        close = new
        {
            closed = r.Close.Closed, closedAtUtc = Utc(r.Close.ClosedAtUtc), closedBy = r.Close.ClosedBy,
            reopenedAtUtc = Utc(r.Close.ReopenedAtUtc), reopenedBy = r.Close.ReopenedBy, reopenReason = r.Close.ReopenReason,
        },
        lines = r.Lines.Select(l => new
        {
            code = l.Code, name = l.Name, costObject = l.CostObject, areaCode = l.AreaCode, area = l.AreaName, subAreaCode = l.SubAreaCode, subArea = l.SubAreaName,
            year = l.Year, ringFenced = l.RingFenced, allocated = l.Figures.Allocated, bookedInMonth = l.Figures.BookedInMonth, booked = l.Figures.BookedToDate,
            remaining = l.Figures.Remaining, forecast = l.Figures.Forecast, status = l.Status.ToString(), rows = l.Rows,
            decided = l.Figures.DecidedBudgets, planned = l.Figures.PlannedBudgets,
        }),
        totals = new
        {
            allocated = r.Totals.Allocated, bookedInMonth = r.Totals.BookedInMonth, booked = r.Totals.Booked, remaining = r.Totals.Remaining,
            forecast = r.Totals.Forecast, decided = r.Totals.DecidedBudgets, planned = r.Totals.PlannedBudgets,
        },
        income = r.Income,
        otherBalance = r.OtherBalance,
        exceptions = r.Exceptions.Select(e => new
        {
            kind = ReconciliationException.KindName(e.Kind), kindText = ReconciliationException.KindText(e.Kind), costObject = e.CostObject, key = e.Key,
            description = e.Description, amount = e.Amount, rows = e.Rows,
            note = e.Note is null ? null : new { id = e.Note.Id, text = e.Note.Text, resolved = e.Note.Resolved, writtenAtUtc = Utc(e.Note.WrittenAtUtc), writtenBy = e.Note.WrittenBy },
        }),
        earmarks = r.Earmarks.Select(e => new { line = e.LineCode, name = e.Name, amount = e.Amount, attributed = e.Attributed, activities = e.Activities }),
    };

    /// <summary>The reporting obligations with every file sent for them, the requirements' answers per year and their evidence.</summary>
    public async Task ReportsAsync(CancellationToken ct)
    {
        var obligations = await db.ReportingObligations.AsNoTracking().Where(o => o.AgreementId == agreementId).OrderBy(o => o.DueDate).ThenBy(o => o.Id).ToListAsync(ct);
        var obligationIds = obligations.Select(o => o.Id).ToList();
        var files = await db.ObligationFiles.AsNoTracking().Where(f => obligationIds.Contains(f.ObligationId)).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.ObligationId, f.FileName, f.ContentType, f.UploadedAtUtc, f.UploadedBy }).ToListAsync(ct);
        var paths = new Dictionary<int, string>();
        foreach (var file in files)
        {
            var path = $"content/rapporter/inskickade/{file.ObligationId:D6}-{file.Id:D6}-{ArchiveZip.Segment(file.FileName)}";
            await zip.AddAsync(path, await db.ObligationFiles.AsNoTracking().Where(f => f.Id == file.Id).Select(f => f.Content).SingleAsync(ct), file.ContentType, ct);
            paths[file.Id] = path;
        }

        var requirements = await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == agreementId).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        var requirementIds = requirements.Select(r => r.Id).ToList();
        var answers = (await db.RequirementAnswers.AsNoTracking().Where(a => requirementIds.Contains(a.RequirementId)).ToListAsync(ct))
            .OrderBy(a => a.Year).ThenBy(a => a.Id).ToLookup(a => a.RequirementId);
        var evidence = (await db.RequirementEvidence.AsNoTracking().Where(e => requirementIds.Contains(e.RequirementId)).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.RequirementId, e.Year, e.FileName, e.ContentType, e.UploadedAtUtc, e.UploadedBy }).ToListAsync(ct));
        var evidencePaths = new Dictionary<int, string>();
        foreach (var file in evidence)
        {
            var path = $"content/rapporter/underlag/{file.RequirementId:D6}-{file.Year}-{file.Id:D6}-{ArchiveZip.Segment(file.FileName)}";
            await zip.AddAsync(path, await db.RequirementEvidence.AsNoTracking().Where(e => e.Id == file.Id).Select(e => e.Content).SingleAsync(ct), file.ContentType, ct);
            evidencePaths[file.Id] = path;
        }
        var evidenceBy = evidence.ToLookup(e => e.RequirementId);

        await zip.AddJsonAsync("content/rapporter/rapporter.json", new
        {
            obligations = obligations.Select(o => new
            {
                id = o.Id, kind = o.Kind.ToString(), kindText = Domain.Agreements.ObligationKindText.Swedish(o.Kind), title = o.Title, recipient = o.Recipient,
                dueDate = ArchiveZip.Date(o.DueDate), dueDateAssumed = o.DueDateAssumed, note = o.Note, source = o.Source, changeReason = o.ChangeReason,
                owner = o.Owner, status = o.Status.ToString(), sentOn = ArchiveZip.Date(o.SentOn), sentBy = o.SentBy,
                sentFile = o.SentFileId is { } sent ? paths.GetValueOrDefault(sent) : null,
                files = files.Where(f => f.ObligationId == o.Id).Select(f => new
                {
                    id = f.Id, fileName = f.FileName, path = paths[f.Id], uploadedAtUtc = Utc(f.UploadedAtUtc), uploadedBy = f.UploadedBy,
                }),
            }),
            requirements = requirements.Select(r => new
            {
                id = r.Id, code = r.Code, section = r.Section, kind = r.Kind.ToString(), text = r.Text, report = r.Report.ToString(),
                answers = answers[r.Id].Select(a => new
                {
                    year = a.Year, text = a.Text, value = a.Value, valueWomen = a.ValueWomen, valueMen = a.ValueMen, measuredOn = ArchiveZip.Date(a.MeasuredOn),
                    dataSource = a.DataSource, done = a.Done, expected = a.Expected, women = a.Women, men = a.Men, baseline = a.Baseline,
                    writtenAtUtc = Utc(a.WrittenAtUtc), writtenBy = a.WrittenBy,
                }),
                evidence = evidenceBy[r.Id].Select(e => new
                {
                    id = e.Id, year = e.Year, fileName = e.FileName, path = evidencePaths[e.Id], uploadedAtUtc = Utc(e.UploadedAtUtc), uploadedBy = e.UploadedBy,
                }),
            }),
        }, ct);
    }

    /// <summary>The distributions to the primary-care units with their rows, the units' reports back and their files.</summary>
    public async Task DistributionsAsync(CancellationToken ct)
    {
        var distributions = await db.Distributions.AsNoTracking().Include(d => d.Rows).Where(d => d.AgreementId == agreementId).OrderBy(d => d.Id).ToListAsync(ct);
        var ids = distributions.Select(d => d.Id).ToList();
        var reports = await db.UnitReports.AsNoTracking().Where(r => ids.Contains(r.DistributionId))
            .Select(r => new { r.Id, r.DistributionId, r.UnitCode, r.OrganisationNumber, r.Use, r.AmountUsed, r.Outcome, r.SubmittedBy, r.SubmittedAtUtc, r.ReceivedBy, r.ReceivedAtUtc })
            .ToListAsync(ct);
        var reportIds = reports.Select(r => r.Id).ToList();
        var files = await db.UnitReportFiles.AsNoTracking().Where(f => reportIds.Contains(f.UnitReportId)).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.UnitReportId, f.FileName, f.ContentType, f.UploadedAtUtc, f.UploadedBy }).ToListAsync(ct);
        var reportById = reports.ToDictionary(r => r.Id);
        var paths = new Dictionary<int, string>();
        foreach (var file in files)
        {
            var report = reportById[file.UnitReportId];
            var path = $"content/fordelningar/{report.DistributionId:D6}/{ArchiveZip.Segment(report.UnitCode)}/{file.Id:D6}-{ArchiveZip.Segment(file.FileName)}";
            await zip.AddAsync(path, await db.UnitReportFiles.AsNoTracking().Where(f => f.Id == file.Id).Select(f => f.Content).SingleAsync(ct), file.ContentType, ct);
            paths[file.Id] = path;
        }
        await zip.AddJsonAsync("content/fordelningar/fordelningar.json", distributions.Select(d => new
        {
            id = d.Id, name = d.Name, line = d.LineCode, costObject = d.CostObjectCode, amount = d.Amount, key = d.Key.ToString(), modelYear = d.ModelYear,
            listingAsOf = ArchiveZip.Date(d.ListingAsOf), status = d.Status.ToString(), createdAtUtc = Utc(d.CreatedAtUtc), createdBy = d.CreatedBy,
            decisionReference = d.DecisionReference, decidedAtUtc = Utc(d.DecidedAtUtc), decidedBy = d.DecidedBy, reportDeadline = ArchiveZip.Date(d.ReportDeadline),
            rows = d.Rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal).Select(r => new
            {
                unitCode = r.UnitCode, name = r.Name, organisationNumber = r.OrganisationNumber, ownership = r.Ownership.ToString(), points = r.Points,
                share = r.Share, amount = r.Amount, projectCode = r.ProjectCode,
            }),
            unitReports = reports.Where(r => r.DistributionId == d.Id).OrderBy(r => r.UnitCode, StringComparer.Ordinal).Select(r => new
            {
                unitCode = r.UnitCode, organisationNumber = r.OrganisationNumber, use = r.Use, amountUsed = r.AmountUsed, outcome = r.Outcome,
                submittedAtUtc = Utc(r.SubmittedAtUtc), submittedBy = r.SubmittedBy, receivedAtUtc = Utc(r.ReceivedAtUtc), receivedBy = r.ReceivedBy,
                files = files.Where(f => f.UnitReportId == r.Id).Select(f => new
                {
                    id = f.Id, fileName = f.FileName, path = paths[f.Id], uploadedAtUtc = Utc(f.UploadedAtUtc), uploadedBy = f.UploadedBy,
                }),
            }),
        }).ToList(), ct);
    }

    /// <summary>The month totals and the tie-outs of the agreement's objects in its periods: what the figures were computed from and how each month was checked against the ledger.</summary>
    public async Task MonthTotalsAsync(CancellationToken ct)
    {
        var totals = new List<LedgerMonthTotal>();
        var tieOuts = new List<LedgerMonthTieOut>();
        foreach (var (costObject, from, to) in periods.Items)
        {
            totals.AddRange(await db.LedgerMonthTotals.AsNoTracking().Where(t => t.CostObject == costObject && t.Month >= from && t.Month <= to).ToListAsync(ct));
            tieOuts.AddRange(await db.LedgerMonthTieOuts.AsNoTracking().Where(t => t.CostObject == costObject && t.Month >= from && t.Month <= to).ToListAsync(ct));
        }
        var csv = new System.Text.StringBuilder("kostnadsobjekt,manad,kalla,konto,projekt,rader,belopp,absolutbelopp\r\n");
        foreach (var t in totals.OrderBy(t => t.CostObject, StringComparer.Ordinal).ThenBy(t => t.Month).ThenBy(t => t.Source, StringComparer.Ordinal)
                     .ThenBy(t => t.AccountNumber).ThenBy(t => t.Project, StringComparer.Ordinal))
        {
            csv.Append(ArchiveZip.Csv(t.CostObject)).Append(',').Append(t.Month.ToString()).Append(',').Append(ArchiveZip.Csv(t.Source)).Append(',')
                .Append(t.AccountNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(ArchiveZip.Csv(t.Project)).Append(',')
                .Append(t.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(ArchiveZip.Number(t.Amount)).Append(',')
                .Append(ArchiveZip.Number(t.AbsoluteAmount)).Append("\r\n");
        }
        await zip.AddAsync("content/huvudbok/manadssummor.csv", System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", ct);

        csv.Clear().Append("kostnadsobjekt,manad,kalla,import,rader,belopp,metod,avstamd_utc,avstamd_av,referens,beskrivning\r\n");
        foreach (var t in tieOuts.OrderBy(t => t.CostObject, StringComparer.Ordinal).ThenBy(t => t.Month).ThenBy(t => t.Source, StringComparer.Ordinal).ThenBy(t => t.Id))
        {
            csv.Append(ArchiveZip.Csv(t.CostObject)).Append(',').Append(t.Month.ToString()).Append(',').Append(ArchiveZip.Csv(t.Source)).Append(',')
                .Append(t.ImportId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(t.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(ArchiveZip.Number(t.Amount)).Append(',')
                .Append(t.Method?.ToString()).Append(',').Append(Utc(t.TiedOutAtUtc)).Append(',').Append(ArchiveZip.Csv(t.TiedOutBy)).Append(',')
                .Append(ArchiveZip.Csv(t.Reference)).Append(',').Append(ArchiveZip.Csv(LedgerMonthTieOut.Describe(t.Method, t.TiedOutBy, t.TiedOutAtUtc, t.Reference)))
                .Append("\r\n");
        }
        await zip.AddAsync("content/huvudbok/avstamning-mot-huvudbok.csv", System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", ct);
    }

    /// <summary>
    /// Every stored ledger row on the agreement's objects in its periods, as imported, in the rows index's order (object, month, voucher
    /// date, series, number, account, project, then id), streamed from the database into the zip: a million rows never sit in memory.
    /// </summary>
    public async Task<long> LedgerRowsAsync(CancellationToken ct)
    {
        long count = 0;
        await zip.AddAsync("content/huvudbok/rader.csv", "text/csv", async (stream, token) =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
            var line = new System.Text.StringBuilder(256);
            await writer.WriteLineAsync("kostnadsobjekt,manad,kalla,verifikationsserie,verifikationsnummer,verifikationsdatum,raddatum,konto,projekt,kostnadsstalle,text,belopp,rad_i_filen,id");
            foreach (var (costObject, from, to) in periods.Items)
            {
                var query = db.LedgerEntries.AsNoTracking()
                    .Where(e => e.CostObject == costObject && e.Month >= from && e.Month <= to)
                    .OrderBy(e => e.CostObject).ThenBy(e => e.Month).ThenBy(e => e.VoucherDate).ThenBy(e => e.VoucherSeries).ThenBy(e => e.VoucherNumber)
                    .ThenBy(e => e.AccountNumber).ThenBy(e => e.Project).ThenBy(e => e.Id)
                    .Select(e => new
                    {
                        e.Id, e.RowDate, e.VoucherSeries, e.VoucherNumber, e.Account, e.CostObject, e.Project, e.CostCentre, e.Text, e.Amount, e.Month,
                        e.Source, e.Line, e.VoucherDate,
                    });
                await db.Database.OpenConnectionAsync(token);
                try
                {
                    await using var command = query.CreateDbCommand();
                    await using var reader = await LedgerEntryReader.OpenAsync(command, token);
                    var e = new LedgerEntry();
                    var months = new LedgerRowsStream.MonthNames();
                    while (await reader.ReadAsync(e, voucherDate: true, token))
                    {
                        // One write per row: a million rows are a million lines, not fourteen million calls.
                        line.Clear()
                            .Append(ArchiveZip.Csv(e.CostObject)).Append(',').Append(months[e.Month]).Append(',').Append(ArchiveZip.Csv(e.Source)).Append(',')
                            .Append(ArchiveZip.Csv(e.VoucherSeries)).Append(',').Append(ArchiveZip.Csv(e.VoucherNumber)).Append(',')
                            .Append(ArchiveZip.Date(e.VoucherDate)).Append(',').Append(ArchiveZip.Date(e.RowDate)).Append(',')
                            .Append(ArchiveZip.Csv(e.Account)).Append(',').Append(ArchiveZip.Csv(e.Project)).Append(',').Append(ArchiveZip.Csv(e.CostCentre)).Append(',')
                            .Append(ArchiveZip.Csv(e.Text)).Append(',').Append(ArchiveZip.Number(e.Amount)).Append(',')
                            .Append(e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                            .Append(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        await writer.WriteLineAsync(line, token);
                        count++;
                    }
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
            await writer.FlushAsync(token);
        }, ct);
        return count;
    }

    /// <summary>The agreement's audit trail, oldest first: as stored (internal names, JSON) and as Granskningslogg shows it (Swedish words and time).</summary>
    public async Task AuditTrailAsync(IReadOnlyList<AuditPresenter.Stored> trail, CancellationToken ct)
    {
        await zip.AddAsync("content/granskningslogg/granskningslogg.csv", "text/csv", async (stream, token) =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
            await writer.WriteLineAsync("id,tid_utc,anvandare,posttyp,post_id,handelse,andringar_json,tid_svensk,anvandarens_namn,typ,avser,andringar");
            var presenter = new AuditPresenter(db);
            for (var start = 0; start < trail.Count; start += 500)
            {
                var batch = trail.Skip(start).Take(500).ToList();
                var shown = await presenter.PresentAsync(batch, token);
                for (var i = 0; i < batch.Count; i++)
                {
                    var stored = batch[i];
                    var line = shown[i].Shown;
                    await writer.WriteLineAsync(string.Join(',',
                        stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Utc(stored.AtUtc), ArchiveZip.Csv(stored.UserName),
                        ArchiveZip.Csv(stored.EntityType), ArchiveZip.Csv(stored.EntityId), stored.Action.ToString(), ArchiveZip.Csv(stored.Changes),
                        ArchiveZip.Csv(line.At), ArchiveZip.Csv(line.User), ArchiveZip.Csv(line.Kind), ArchiveZip.Csv(line.Target), ArchiveZip.Csv(line.Action),
                        ArchiveZip.Csv(string.Join("\n", line.FieldTexts))));
                }
            }
            await writer.FlushAsync(token);
        }, ct);
    }
}
