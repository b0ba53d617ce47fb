using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportsAndDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "ReportingObligations",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentBy",
                table: "ReportingObligations",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SentFileId",
                table: "ReportingObligations",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SentOn",
                table: "ReportingObligations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "ReportingObligations",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "CalendarTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    TokenHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObligationFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ObligationId = table.Column<int>(type: "int", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObligationFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObligationFiles_ReportingObligations_ObligationId",
                        column: x => x.ObligationId,
                        principalTable: "ReportingObligations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnusedFundsDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AgreementId = table.Column<int>(type: "int", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnusedFundsDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnusedFundsDecisions_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportingObligations_SentFileId",
                table: "ReportingObligations",
                column: "SentFileId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarTokens_TokenHash",
                table: "CalendarTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarTokens_UserId",
                table: "CalendarTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ObligationFiles_ObligationId",
                table: "ObligationFiles",
                column: "ObligationId");

            migrationBuilder.CreateIndex(
                name: "IX_UnusedFundsDecisions_AgreementId_Year",
                table: "UnusedFundsDecisions",
                columns: new[] { "AgreementId", "Year" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ReportingObligations_ObligationFiles_SentFileId",
                table: "ReportingObligations",
                column: "SentFileId",
                principalTable: "ObligationFiles",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ReportingObligations_ObligationFiles_SentFileId",
                table: "ReportingObligations");

            migrationBuilder.DropTable(
                name: "CalendarTokens");

            migrationBuilder.DropTable(
                name: "ObligationFiles");

            migrationBuilder.DropTable(
                name: "UnusedFundsDecisions");

            migrationBuilder.DropIndex(
                name: "IX_ReportingObligations_SentFileId",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "SentBy",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "SentFileId",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "SentOn",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "ReportingObligations");
        }
    }
}
