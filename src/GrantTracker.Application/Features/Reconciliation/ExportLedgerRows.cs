using System.Runtime.CompilerServices;
using System.Text;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Every ledger row behind a reconciliation figure, for Excel: the same selection as the rows page
/// (<see cref="ListReconciliationRowsQuery"/>) without paging, streamed from the database. The amounts add up to the
/// page's sum: for a line, rows an Ekonom moved to another line are left out and rows moved to it are included
/// (last, marked in the remark column); for an exception, every row the rules select is included and a moved one is
/// marked with the line it was moved to, as the page lists them.
/// </summary>
public sealed record ExportLedgerRowsQuery(
    string AgreementCode, YearMonth Through, int? LineId = null, ExceptionKind? Kind = null, string? Key = null, bool MonthOnly = false)
    : IQuery<LedgerRowsExport?>;

public sealed class ExportLedgerRowsHandler(AppDbContext db, ReconciliationSettings settings, TimeProvider clock) : IQueryHandler<ExportLedgerRowsQuery, LedgerRowsExport?>
{
    public async ValueTask<LedgerRowsExport?> Handle(ExportLedgerRowsQuery query, CancellationToken ct)
    {
        var selector = new LedgerRowSelection(db, settings);
        var selection = await selector.SelectAsync(query.AgreementCode, query.Through, query.LineId, query.Kind, query.Key, query.MonthOnly, ct);
        if (selection is null)
        {
            return null;
        }
        var assignments = await selector.AssignmentsAsync(selection, ct);
        var (movedIn, _) = await selector.MovesAsync(selection, assignments, ct);
        var codes = selection.LineCodes;
        var target = selection.LineId;
        var map = selection.Context.Map;

        // The page's order: by voucher date, voucher and row.
        var ruleRows = selector.RuleRows(selection)
            .OrderBy(e => e.Month).ThenBy(e => e.VoucherDate).ThenBy(e => e.VoucherSeries).ThenBy(e => e.VoucherNumber).ThenBy(e => e.Id);
        (bool, string?) Remark(LedgerEntry e) =>
            assignments.For(e) is not { } moved || moved.LineId == target ? (true, null)
            : target is null ? (true, $"Flyttad till {codes[moved.LineId]}")
            : (false, null); // moved away from this line: its figure no longer counts it

        var note = target is null
            ? "Alla rader som reglerna ger avvikelsen. Rader som en ekonom flyttat till en rad i överenskommelsen är med och markerade i kolumnen Anmärkning."
            : "Raderna som reglerna ger raden, utom de som en ekonom flyttat till en annan rad, och sist de rader som flyttats hit (markerade i kolumnen Anmärkning). Summan av Belopp är radens bokförda kostnad.";
        return new LedgerRowsExport(FileName(query, selection), selection.Title, note, clock.GetLocalNow(),
            Rows(LedgerRowsStream.ReadAsync(db, ruleRows, assignments.All.Count == 0 ? null : Remark, ct), movedIn, map, codes));
    }

    private static async IAsyncEnumerable<LedgerExportRow> Rows(IAsyncEnumerable<LedgerExportRow> ruleRows, List<LedgerEntry> movedIn, LineMap map,
        IReadOnlyDictionary<int, string> codes, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var row in ruleRows.WithCancellation(ct))
        {
            yield return row;
        }
        var months = new LedgerRowsStream.MonthNames();
        foreach (var e in movedIn.OrderBy(e => e.VoucherDate).ThenBy(e => e.VoucherSeries).ThenBy(e => e.VoucherNumber).ThenBy(e => e.Id))
        {
            var from = map.LineFor(e.CostObject, e.Month, e.Project ?? "") is { } ruleLine && codes.TryGetValue(ruleLine, out var code) ? $" från {code}" : "";
            yield return LedgerRowsStream.Row(e, months, "Flyttad hit" + from);
        }
    }

    /// <summary><c>rader-gnv2023-2023-03-2.1.xlsx</c> for a line, <c>rader-gnv2023-2023-03-investering-9942.xlsx</c> for an exception.</summary>
    private static string FileName(ExportLedgerRowsQuery query, LedgerRowSelection.Selection selection)
    {
        var what = selection.LineId is { } id
            ? selection.LineCodes[id]
            : query.Kind switch
            {
                ExceptionKind.Investment => "investering",
                ExceptionKind.Overspent => "over-tilldelning",
                ExceptionKind.RingFenced => "oronmarkt",
                ExceptionKind.OutsidePeriod => "utanfor-perioder",
                _ => "insats",
            } + "-" + query.Key;
        return Safe($"rader-{selection.Context.Agreement.Code}-{query.Through}-{what}{(query.MonthOnly ? "-endast-manaden" : "")}.xlsx");
    }

    /// <summary>Letters, digits, dot and hyphen only: a file name any browser and file system keeps as it is.</summary>
    internal static string Safe(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' ? ch : '-');
        }
        return text.ToString();
    }
}
