using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Ledger;

/// <summary>How a month's totals were tied out to the ledger's own balance (ADR 21).</summary>
public enum TieOutMethod
{
    /// <summary>The SIE file's #PSALDO period balances, checked by the import.</summary>
    Psaldo = 1,

    /// <summary>The ledger's balance report (<c>Objekt;Månad;Belopp</c>), checked to the öre.</summary>
    Saldolista = 2,

    /// <summary>An Ekonom confirmed the totals shown, by name and time (audited).</summary>
    Bekraftad = 3,
}

/// <summary>
/// The file's total of one source, month and cost object as the import that last replaced the month stored it (rows and net
/// kronor), and whether that total has been tied out to the ledger's own balance, and how. One small row per month and tracked
/// object: a month of an agreement can be closed only when every one of its objects' rows is tied out (ADR 21). An import that
/// replaces a month writes new rows, not tied out unless the file carried its own control.
/// </summary>
public sealed class LedgerMonthTieOut
{
    public int Id { get; set; }
    public string Source { get; set; } = "";
    public YearMonth Month { get; set; }
    public string CostObject { get; set; } = "";

    /// <summary>The import whose rows these totals are (0 when an Ekonom confirmed a month no import covered).</summary>
    public int ImportId { get; set; }

    public long Rows { get; set; }

    /// <summary>The rows' net sum (debit positive), kronor.</summary>
    public decimal Amount { get; set; }

    public TieOutMethod? Method { get; set; }
    public DateTime? TiedOutAtUtc { get; set; }
    public string? TiedOutBy { get; set; }

    /// <summary>The file the totals were checked against (the SIE file or the balance report), or null for a confirmation.</summary>
    public string? Reference { get; set; }

    public bool IsTiedOut => Method is not null;

    public void TieOut(TieOutMethod method, string by, DateTime atUtc, string? reference)
    {
        Method = method;
        TiedOutBy = by;
        TiedOutAtUtc = atUtc;
        Reference = reference;
    }

    /// <summary>"PSALDO i fil.se", "saldolista saldo.csv", "bekräftad av NN 2023-04-02 10:15".</summary>
    public static string Describe(TieOutMethod? method, string? by, DateTime? atUtc, string? reference) => method switch
    {
        TieOutMethod.Psaldo => $"#PSALDO i {reference}",
        TieOutMethod.Saldolista => $"saldolista {reference}" + (by is null ? "" : $" ({by}, {SwedishFormat.DateTime(atUtc!.Value)})"),
        TieOutMethod.Bekraftad => $"bekräftad av {by}, {SwedishFormat.DateTime(atUtc!.Value)}",
        _ => "inte avstämd",
    };
}
