using System.Globalization;
using System.Text;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>The proposed accrual entry as a SIE 4 file the ledger can import, and as a table for Excel.</summary>
public static class AccrualExport
{
    public static string FileName(AccrualReport report, string extension) => $"periodisering-{report.AgreementCode}-{report.Through}.{extension}";

    /// <summary>
    /// One <c>#VER</c> dated the month's last day with balanced <c>#TRANS</c> rows, in code page 437 as the
    /// standard's <c>#FORMAT PC8</c> says; the fiscal year (<c>#RAR 0</c>) is the calendar year of the month.
    /// </summary>
    public static byte[] Sie(AccrualReport report, DateOnly generated, string organisation) =>
        SieVoucher(generated, organisation, report.Through.Year,
            [(report.Accounts.Income, "Statsbidrag"), (report.Accounts.DeferredIncome, "Förutbetalda intäkter"), (report.Accounts.AccruedIncome, "Upplupna intäkter")],
            report.ObjectDimension, report.VoucherSeries, report.Through.LastDay, report.EntryText,
            report.Entry.Select(row => new SieRow(row.Account, row.CostObject, row.Amount, RowText(report, row))).ToList());

    /// <summary>A row of a voucher: debit positive, credit negative.</summary>
    public sealed record SieRow(string Account, string? CostObject, decimal Amount, string Text);

    /// <summary>
    /// One <c>#VER</c> with balanced <c>#TRANS</c> rows on the cost objects, in code page 437 as <c>#FORMAT PC8</c> says; the fiscal year
    /// (<c>#RAR 0</c>) is the calendar year. The accrual entry and the repayment's booking (issue 26) are both written by it.
    /// </summary>
    internal static byte[] SieVoucher(DateOnly generated, string organisation, int fiscalYear, IReadOnlyList<(string Account, string Name)> accounts,
        int objectDimension, string series, DateOnly date, string voucherText, IReadOnlyList<SieRow> rows)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append("\r\n");
        Line("#FLAGGA 0");
        Line("#FORMAT PC8");
        Line("#SIETYP 4");
        Line("#PROGRAM \"GrantTracker\" \"1.0\"");
        Line($"#GEN {Day(generated)}");
        Line($"#FNAMN {SieText.Quote(organisation)}");
        Line($"#RAR 0 {fiscalYear:D4}0101 {fiscalYear:D4}1231");
        foreach (var (account, name) in accounts.DistinctBy(a => a.Account))
        {
            Line($"#KONTO {account} {SieText.Quote(name)}");
        }
        Line($"#DIM {objectDimension} \"Objekt\"");
        foreach (var costObject in rows.Select(r => r.CostObject).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            Line($"#OBJEKT {objectDimension} {SieText.Quote(costObject)} {SieText.Quote($"Kostnadsobjekt {costObject}")}");
        }
        Line($"#VER {SieText.Quote(series)} \"\" {Day(date)} {SieText.Quote(voucherText)}");
        Line("{");
        foreach (var row in rows)
        {
            var objects = row.CostObject is null ? "{}" : $"{{{objectDimension} {SieText.Quote(row.CostObject)}}}";
            Line($"   #TRANS {row.Account} {objects} {row.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {Day(date)} {SieText.Quote(row.Text)}");
        }
        Line("}");
        return SieEncoding.Cp437.GetBytes(text.ToString());
    }

    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        new("Verifikationsserie", ColumnKind.Text, 10),
        new("Datum", ColumnKind.Date, 12),
        new("Konto", ColumnKind.Text, 10),
        new("Objekt", ColumnKind.Text, 10),
        new("Debet", ColumnKind.MoneyOre, 18),
        new("Kredit", ColumnKind.MoneyOre, 18),
        new("Text", ColumnKind.Text, 60),
    ];

    public static ReportTable Table(AccrualReport report)
    {
        var date = report.Through.LastDay;
        var rows = report.Entry
            .Select(r => (IReadOnlyList<object?>)[report.VoucherSeries, date, r.Account, r.CostObject, r.Amount > 0 ? r.Amount : null, r.Amount < 0 ? -r.Amount : null, RowText(report, r)])
            .ToList();
        var f = report.Figures;
        return new ReportTable(report.EntryText,
            $"Mottaget {Money.Format(f.Received)}, bokförd kostnad {Money.Format(f.BookedCost)}, intäktsförs totalt {Money.Format(f.Recognised)}, "
            + $"redan bokförd intäkt på objekten {Money.Format(f.IncomeBooked)}, "
            + (f.Deferred >= 0 ? $"förutbetald intäkt {Money.Format(f.Deferred)}" : $"upplupen intäkt {Money.Format(-f.Deferred)}")
            + ". Verifikationen vänds första dagen nästa månad.",
            Columns, rows,
            [null, null, "Summa", null, report.Entry.Where(r => r.Amount > 0).Sum(r => r.Amount), -report.Entry.Where(r => r.Amount < 0).Sum(r => r.Amount), null]);
    }

    private static string RowText(AccrualReport report, Domain.Reconciliation.JournalRow row) =>
        row.Account == report.Accounts.DeferredIncome ? $"Förutbetald intäkt {report.AgreementName}"
        : row.Account == report.Accounts.AccruedIncome ? $"Upplupen intäkt {report.AgreementName}"
        : $"Periodisering statsbidrag {report.AgreementName}";

    private static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

}
