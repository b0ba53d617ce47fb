using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace GrantTracker.Application.Data;

/// <summary>
/// Stops a SQLite statement when its request is abandoned. Microsoft.Data.Sqlite only checks the cancellation token
/// before it starts a statement (<c>SqliteCommand.Cancel</c> does nothing), and a statement's work happens in its
/// first step, inside the execution: while EF executes a command, cancelling the token calls
/// <c>sqlite3_interrupt</c> on the command's connection, and SQLite abandons the statement at its next opportunity.
/// The registration ends with the execution, before the connection can close (interrupting a closed connection is
/// not safe). SQL Server's client cancels a running command itself.
/// </summary>
internal sealed class SqliteInterruptOnCancel : DbCommandInterceptor
{
    public static readonly SqliteInterruptOnCancel Instance = new();

    private static readonly ConditionalWeakTable<DbCommand, Registration> Running = new();

    private sealed class Registration(CancellationTokenRegistration registration)
    {
        public void Dispose() => registration.Dispose();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    private static void Watch(DbCommand command, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || command.Connection is not SqliteConnection { Handle: { } handle })
        {
            return;
        }
        var registration = cancellationToken.Register(static state => raw.sqlite3_interrupt((sqlite3)state!), handle);
        Running.AddOrUpdate(command, new Registration(registration));
    }

    private static void Release(DbCommand command)
    {
        if (Running.TryGetValue(command, out var registration))
        {
            // Waits for a callback already running, so no interrupt reaches the connection after this.
            registration.Dispose();
            Running.Remove(command);
        }
    }
}
