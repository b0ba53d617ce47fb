using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnitListings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "UnitListingRows");

            migrationBuilder.DropTable(
                name: "UnitListings");
        }
    }
}
