using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttributionAndNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExceptionNotes_AgreementId_Kind_CostObject_Key",
                table: "ExceptionNotes");

            migrationBuilder.AddColumn<long>(
                name: "Amount",
                table: "ExceptionNotes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Month",
                table: "ExceptionNotes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Rows",
                table: "ExceptionNotes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Earmark",
                table: "Activities",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExceptionNotes_AgreementId_Kind_CostObject_Key_Month",
                table: "ExceptionNotes",
                columns: new[] { "AgreementId", "Kind", "CostObject", "Key", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExceptionNotes_AgreementId_Kind_CostObject_Key_Month",
                table: "ExceptionNotes");

            migrationBuilder.DropColumn(
                name: "Amount",
                table: "ExceptionNotes");

            migrationBuilder.DropColumn(
                name: "Month",
                table: "ExceptionNotes");

            migrationBuilder.DropColumn(
                name: "Rows",
                table: "ExceptionNotes");

            migrationBuilder.DropColumn(
                name: "Earmark",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_ExceptionNotes_AgreementId_Kind_CostObject_Key",
                table: "ExceptionNotes",
                columns: new[] { "AgreementId", "Kind", "CostObject", "Key" },
                unique: true);
        }
    }
}
