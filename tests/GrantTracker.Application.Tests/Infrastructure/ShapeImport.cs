using System.Text;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Tests.Shapes;

namespace GrantTracker.Application.Tests.Infrastructure;

/// <summary>A generated agreement (<see cref="AgreementShapes"/>) built through the domain and its ledger imported through the real importer.</summary>
public static class ShapeImport
{
    public static async Task<Built> BuildAndImportAsync(TestDatabase db, string directory, Shape shape)
    {
        var prefix = AgreementShapes.NewPrefix();
        var built = await db.WithContextAsync(context => AgreementShapes.BuildAsync(context, shape, prefix));
        var path = Path.Combine(directory, prefix + ".se");
        await File.WriteAllTextAsync(path, AgreementShapes.Sie(built), new UTF8Encoding(false));
        var import = await db.SendAsync(new ImportLedgerFileCommand(path, prefix + ".se", Source: prefix));
        Assert.True(import.Succeeded, import.Message + " " + string.Join(" ", import.Errors.Select(e => e.Message)));
        return built;
    }
}
