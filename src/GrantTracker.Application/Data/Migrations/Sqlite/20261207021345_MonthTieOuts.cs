using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MonthTieOuts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LedgerMonthTieOuts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    CostObject = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TiedOutAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TiedOutBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerMonthTieOuts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerMonthTieOuts_CostObject_Month_Source",
                table: "LedgerMonthTieOuts",
                columns: new[] { "CostObject", "Month", "Source" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LedgerMonthTieOuts");
        }
    }
}
