using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Source = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    CostObject = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ImportId = table.Column<int>(type: "int", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    TiedOutAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    TiedOutBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Reference = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: true)
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
