using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementDefinition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ValueMen",
                table: "RequirementAnswers",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ValueWomen",
                table: "RequirementAnswers",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FirstYear",
                table: "ReportingRequirements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastYear",
                table: "ReportingRequirements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SplitBySex",
                table: "ReportingRequirements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ChangeReason",
                table: "ReportingObligations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalRegion",
                table: "DevelopmentAreas",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalShare",
                table: "DevelopmentAreas",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalTable",
                table: "DevelopmentAreas",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "AllocationLines",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "AllocationLines",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalAmount",
                table: "AllocationLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalBaseAmount",
                table: "AllocationLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalRegion",
                table: "AllocationLines",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NationalRegions",
                table: "AllocationLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalRule",
                table: "AllocationLines",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalShare",
                table: "AllocationLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalTable",
                table: "AllocationLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgreementFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AgreementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementFiles_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgreementFiles_AgreementId",
                table: "AgreementFiles",
                column: "AgreementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgreementFiles");

            migrationBuilder.DropColumn(
                name: "ValueMen",
                table: "RequirementAnswers");

            migrationBuilder.DropColumn(
                name: "ValueWomen",
                table: "RequirementAnswers");

            migrationBuilder.DropColumn(
                name: "FirstYear",
                table: "ReportingRequirements");

            migrationBuilder.DropColumn(
                name: "LastYear",
                table: "ReportingRequirements");

            migrationBuilder.DropColumn(
                name: "SplitBySex",
                table: "ReportingRequirements");

            migrationBuilder.DropColumn(
                name: "ChangeReason",
                table: "ReportingObligations");

            migrationBuilder.DropColumn(
                name: "NationalRegion",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "NationalShare",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "NationalTable",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalAmount",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalBaseAmount",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalRegion",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalRegions",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalRule",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalShare",
                table: "AllocationLines");

            migrationBuilder.DropColumn(
                name: "NationalTable",
                table: "AllocationLines");
        }
    }
}
