using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class NationalKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NationalAmount",
                table: "DevelopmentAreas",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NationalBaseAmount",
                table: "DevelopmentAreas",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NationalRegions",
                table: "DevelopmentAreas",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalRule",
                table: "DevelopmentAreas",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PopulationShare",
                table: "Agreements",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
