using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonthTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Month_Source_CostObject_AccountNumber",
                table: "LedgerEntries");

            migrationBuilder.CreateTable(
                name: "LedgerMonthTotals",
                columns: table => new
                {
                    Source = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    CostObject = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AccountNumber = table.Column<int>(type: "int", nullable: false),
                    Project = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    AbsoluteAmount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerMonthTotals", x => new { x.CostObject, x.Month, x.Source, x.AccountNumber, x.Project });
                });

            // An existing ledger gets its totals here, from its rows (ADR 12); from now on only the import writes them.
            migrationBuilder.Sql("INSERT INTO [LedgerMonthTotals] ([CostObject], [Month], [Source], [AccountNumber], [Project], [Rows], [Amount], [AbsoluteAmount]) SELECT [CostObject], [Month], [Source], [AccountNumber], COALESCE([Project], ''), COUNT(*), SUM([Amount]), SUM(ABS([Amount])) FROM [LedgerEntries] GROUP BY [CostObject], [Month], [Source], [AccountNumber], COALESCE([Project], '');");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Rows",
                table: "LedgerEntries",
                columns: new[] { "CostObject", "Month", "VoucherDate", "VoucherSeries", "VoucherNumber", "AccountNumber", "Project" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LedgerMonthTotals");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Rows",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Month_Source_CostObject_AccountNumber",
                table: "LedgerEntries",
                columns: new[] { "Month", "Source", "CostObject", "AccountNumber" });
        }
    }
}
