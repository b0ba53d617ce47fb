using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GrantTracker.Application.Data;

/// <summary>
/// The audit trail's last id read on one connection of its own, kept open with its statement prepared. Every signed-in
/// request reads the id (the session check, <see cref="Features.FiguresCache"/>), and through the request's context it
/// cost the context's start-up, a pooled connection's opening and EF's query pipeline: about a fifth of a cached
/// page's CPU. Here it is one step of a prepared statement (<c>MAX</c> of the primary key is a seek to the last row).
/// </summary>
/// <remarks>
/// A separate connection sees only what is committed, so the context asks it only while it has no transaction of its
/// own open (<see cref="TransactionTracker"/>): inside one, its own uncommitted entries count, and it reads through
/// itself as before.
/// </remarks>
public sealed class SqliteAuditStamp(string connectionString) : IDisposable
{
    // Readers taken and given back, so requests never wait for one another (a lock spun measurably at 32 connections on
    // two cores); there are at most as many as requests that read at the same moment.
    private readonly System.Collections.Concurrent.ConcurrentBag<Reader> _idle = [];
    private volatile bool _disposed;

    public long Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = _idle.TryTake(out var idle) ? idle : new Reader(connectionString);
        try
        {
            var id = reader.Read();
            _idle.Add(reader);
            if (_disposed && _idle.TryTake(out var late))
            {
                late.Dispose();
            }
            return id;
        }
        catch
        {
            // A reader that failed is not given back: the next read opens a new connection.
            reader.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;

        public Reader(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _command = _connection.CreateCommand();
            _command.CommandText = "SELECT MAX(\"Id\") FROM \"AuditEntries\"";
            _command.Prepare();
        }

        public long Read() => _command.ExecuteScalar() is long id ? id : 0;

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}

/// <summary>
/// Tells each <see cref="AppDbContext"/> whether it has a transaction open, without the context asking its services
/// (which would start them up on a request that otherwise never touches the database).
/// </summary>
internal sealed class TransactionTracker : DbTransactionInterceptor
{
    public static readonly TransactionTracker Instance = new();

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) =>
        Mark(eventData.Context, open: true, result);

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Mark(eventData.Context, open: true, result));

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result) =>
        Mark(eventData.Context, open: true, result);

    public override ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Mark(eventData.Context, open: true, result));

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Mark(eventData.Context, open: false, transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context, open: false, transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Mark(eventData.Context, open: false, transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context, open: false, transaction);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (an exception on the way) leaves the mark: the context then
    // reads the id through itself, which is always right, only slower.
    private static DbTransaction Mark(Microsoft.EntityFrameworkCore.DbContext? context, bool open, DbTransaction transaction)
    {
        if (context is AppDbContext app)
        {
            app.TransactionOpen = open;
        }
        return transaction;
    }
}
