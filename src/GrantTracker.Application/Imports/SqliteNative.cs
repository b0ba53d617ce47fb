using SQLitePCL;

namespace GrantTracker.Application.Imports;

/// <summary>
/// The native SQLite library that the ledger writer and the export's reader call directly for speed: the one
/// Microsoft.Data.Sqlite loads through SQLitePCLRaw's bundle. Should the application ever run on another
/// SQLitePCLRaw provider, both go through ADO.NET instead, as on SQL Server.
/// </summary>
internal static class SqliteNative
{
    public const string Library = "e_sqlite3";

    /// <summary>True when the loaded provider is <see cref="Library"/> (asked once a connection has opened).</summary>
    public static bool Available => string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal);
}
