using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Distribution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NationalAmount",
                table: "DevelopmentAreas",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalBaseAmount",
                table: "DevelopmentAreas",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NationalRegions",
                table: "DevelopmentAreas",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalRule",
                table: "DevelopmentAreas",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PopulationShare",
                table: "Agreements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CareUnits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    Ownership = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareUnits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnitListings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitListings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Distributions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AgreementId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CostObjectCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ModelYear = table.Column<int>(type: "INTEGER", nullable: false),
                    ListingId = table.Column<int>(type: "INTEGER", nullable: false),
                    ListingAsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecisionReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Distributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Distributions_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Distributions_AllocationLines_LineId",
                        column: x => x.LineId,
                        principalTable: "AllocationLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Distributions_UnitListings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "UnitListings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitListingRows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListingId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    Ownership = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DistanceKm = table.Column<long>(type: "INTEGER", nullable: false),
                    Cni = table.Column<long>(type: "INTEGER", nullable: false),
                    ListedByBand = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    TotalListed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitListingRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitListingRows_UnitListings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "UnitListings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DistributionRow",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistributionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    Ownership = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Share = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DistributionRow", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DistributionRow_Distributions_DistributionId",
                        column: x => x.DistributionId,
                        principalTable: "Distributions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CareUnits_Code",
                table: "CareUnits",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CareUnits_OrganisationNumber",
                table: "CareUnits",
                column: "OrganisationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_DistributionRow_DistributionId_UnitCode",
                table: "DistributionRow",
                columns: new[] { "DistributionId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DistributionRow_OrganisationNumber",
                table: "DistributionRow",
                column: "OrganisationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Distributions_AgreementId",
                table: "Distributions",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_Distributions_LineId",
                table: "Distributions",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_Distributions_ListingId",
                table: "Distributions",
                column: "ListingId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitListingRows_ListingId_UnitCode",
                table: "UnitListingRows",
                columns: new[] { "ListingId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitListings_AsOf",
                table: "UnitListings",
                column: "AsOf",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareUnits");

            migrationBuilder.DropTable(
                name: "DistributionRow");

            migrationBuilder.DropTable(
                name: "UnitListingRows");

            migrationBuilder.DropTable(
                name: "Distributions");

            migrationBuilder.DropTable(
                name: "UnitListings");

            migrationBuilder.DropColumn(
                name: "NationalAmount",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "NationalBaseAmount",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "NationalRegions",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "NationalRule",
                table: "DevelopmentAreas");

            migrationBuilder.DropColumn(
                name: "PopulationShare",
                table: "Agreements");
        }
    }
}
