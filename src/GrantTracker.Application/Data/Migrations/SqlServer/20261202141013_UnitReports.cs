using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UnitReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ReportDeadline",
                table: "Distributions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProjectCode",
                table: "DistributionRow",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // A unit's project code is its unit code (DistributionRow.ProjectCodeFor): distributions saved before get theirs.
            migrationBuilder.Sql(@"UPDATE [DistributionRow] SET [ProjectCode] = [UnitCode];");

            migrationBuilder.CreateTable(
                name: "ProviderOrganisations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "nvarchar(11)", maxLength: 11, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProviderOrganisations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProviderOrganisations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnitReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistributionId = table.Column<int>(type: "int", nullable: false),
                    UnitCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "nvarchar(11)", maxLength: 11, nullable: false),
                    Use = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    AmountUsed = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    SubmittedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ReceivedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitReports_Distributions_DistributionId",
                        column: x => x.DistributionId,
                        principalTable: "Distributions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitReportFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UnitReportId = table.Column<int>(type: "int", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitReportFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitReportFiles_UnitReports_UnitReportId",
                        column: x => x.UnitReportId,
                        principalTable: "UnitReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProviderOrganisations_UserId_OrganisationNumber",
                table: "ProviderOrganisations",
                columns: new[] { "UserId", "OrganisationNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitReportFiles_UnitReportId",
                table: "UnitReportFiles",
                column: "UnitReportId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitReports_DistributionId_UnitCode",
                table: "UnitReports",
                columns: new[] { "DistributionId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitReports_OrganisationNumber",
                table: "UnitReports",
                column: "OrganisationNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProviderOrganisations");

            migrationBuilder.DropTable(
                name: "UnitReportFiles");

            migrationBuilder.DropTable(
                name: "UnitReports");

            migrationBuilder.DropColumn(
                name: "ReportDeadline",
                table: "Distributions");

            migrationBuilder.DropColumn(
                name: "ProjectCode",
                table: "DistributionRow");
        }
    }
}
