using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrantTracker.Application.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AgreementCloseOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DecidedAmount",
                table: "UnusedFundsDecisions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReference",
                table: "UnusedFundsDecisions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "UnusedFundsDecisions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "Agreements",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Agreements",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenReason",
                table: "Agreements",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedAmount",
                table: "UnusedFundsDecisions");

            migrationBuilder.DropColumn(
                name: "DecisionReference",
                table: "UnusedFundsDecisions");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "UnusedFundsDecisions");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "Agreements");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Agreements");

            migrationBuilder.DropColumn(
                name: "ReopenReason",
                table: "Agreements");
        }
    }
}
