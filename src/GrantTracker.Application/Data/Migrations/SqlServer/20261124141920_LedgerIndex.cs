using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_LedgerEntries_LedgerImports_ImportId",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_CostObject_Month_AccountNumber",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_ImportId",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Source_Month",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Month_Source_CostObject_AccountNumber",
                table: "LedgerEntries",
                columns: new[] { "Month", "Source", "CostObject", "AccountNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_Month_Source_CostObject_AccountNumber",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_CostObject_Month_AccountNumber",
                table: "LedgerEntries",
                columns: new[] { "CostObject", "Month", "AccountNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_ImportId",
                table: "LedgerEntries",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Source_Month",
                table: "LedgerEntries",
                columns: new[] { "Source", "Month" });

            migrationBuilder.AddForeignKey(
                name: "FK_LedgerEntries_LedgerImports_ImportId",
                table: "LedgerEntries",
                column: "ImportId",
                principalTable: "LedgerImports",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
