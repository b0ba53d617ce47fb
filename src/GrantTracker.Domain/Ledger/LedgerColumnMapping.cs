using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Ledger;

/// <summary>The header names of one ledger's CSV or Excel export, as finance types them into the form.</summary>
public sealed record ColumnMappingDetails(
    string Name,
    string Voucher,
    string Date,
    string Account,
    string? CostCentre,
    string CostObject,
    string Amount,
    string? Text,
    string? Project);

/// <summary>
/// A saved column mapping for CSV and Excel exports whose headers are not the Swedish defaults
/// (Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text). Chosen by name at import.
/// </summary>
public sealed class LedgerColumnMapping : IVersioned
{
    public const int MaxLength = 100;

    private LedgerColumnMapping()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Voucher { get; private set; } = "";
    public string Date { get; private set; } = "";
    public string Account { get; private set; } = "";
    public string? CostCentre { get; private set; }
    public string CostObject { get; private set; } = "";
    public string Amount { get; private set; } = "";
    public string? Text { get; private set; }
    public string? Project { get; private set; }
    public long Version { get; set; }

    public ColumnMappingDetails Details => new(Name, Voucher, Date, Account, CostCentre, CostObject, Amount, Text, Project);

    /// <summary>Checks the headers; the name's uniqueness needs the database and is checked by the use case.</summary>
    public static Result<LedgerColumnMapping> Create(ColumnMappingDetails details)
    {
        var mapping = new LedgerColumnMapping();
        var result = mapping.Update(details);
        return result.Succeeded ? Result.Ok(mapping) : Result.Fail<LedgerColumnMapping>(result.Errors);
    }

    public Result Update(ColumnMappingDetails d)
    {
        var errors = new ErrorList();
        Required(errors, nameof(Name), d.Name, "Ge mappningen ett namn, till exempel Raindance 2024.");
        Required(errors, nameof(Voucher), d.Voucher, "Ange kolumnen med verifikationsnummer.");
        Required(errors, nameof(Date), d.Date, "Ange kolumnen med datum.");
        Required(errors, nameof(Account), d.Account, "Ange kolumnen med konto.");
        Required(errors, nameof(CostObject), d.CostObject, "Ange kolumnen med kostnadsobjekt.");
        Required(errors, nameof(Amount), d.Amount, "Ange kolumnen med belopp.");
        var columns = new (string Field, string? Header)[]
        {
            (nameof(Voucher), d.Voucher), (nameof(Date), d.Date), (nameof(Account), d.Account), (nameof(CostCentre), d.CostCentre),
            (nameof(CostObject), d.CostObject), (nameof(Amount), d.Amount), (nameof(Text), d.Text), (nameof(Project), d.Project),
        };
        foreach (var (field, header) in columns.Append((nameof(Name), d.Name)))
        {
            if (header is not null && header.Trim().Length > MaxLength)
            {
                errors.Add(field, $"Högst {MaxLength} tecken.");
            }
        }
        foreach (var twice in columns.Where(c => !string.IsNullOrWhiteSpace(c.Header))
                     .GroupBy(c => c.Header!.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add(twice.Last().Field, $"Kolumnen ”{twice.Key}” är vald för flera fält. Varje fält behöver en egen kolumn.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        Name = d.Name.Trim();
        Voucher = d.Voucher.Trim();
        Date = d.Date.Trim();
        Account = d.Account.Trim();
        CostCentre = Optional(d.CostCentre);
        CostObject = d.CostObject.Trim();
        Amount = d.Amount.Trim();
        Text = Optional(d.Text);
        Project = Optional(d.Project);
        return Result.Ok();
    }

    private static void Required(ErrorList errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, message);
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
