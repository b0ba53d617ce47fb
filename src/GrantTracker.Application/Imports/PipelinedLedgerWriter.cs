using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace GrantTracker.Application.Imports;

/// <summary>
/// Stores the tracked rows on a second thread while the reader goes on parsing on the first: the reader's
/// callback fills batches of rows and hands each full batch over, so the hand-over costs one queue operation
/// per few thousand rows, not one per row. The queue is bounded, so memory stays a few batches whatever the
/// file's size. <see cref="Complete"/> waits until every row is written (or rethrows the writer's failure)
/// and must be called before the transaction is committed.
/// </summary>
internal sealed class PipelinedLedgerWriter : IDisposable
{
    private const int BatchSize = 4096;

    private readonly BlockingCollection<LedgerRow[]> _queue = new(boundedCapacity: 8);
    private readonly CancellationTokenSource _failed = new();
    private readonly Task _consumer;
    private LedgerRow[] _batch = new LedgerRow[BatchSize];
    private int _count;
    private bool _completed;

    private readonly Features.Ledger.LedgerTotals.Accumulator? _totals;

    /// <param name="totals">Sums the rows as they are handed over, for the month totals (ADR 12).</param>
    public PipelinedLedgerWriter(LedgerEntryWriter writer, int importId, string source, Features.Ledger.LedgerTotals.Accumulator? totals = null)
    {
        _totals = totals;
        _consumer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var batch in _queue.GetConsumingEnumerable())
                {
                    writer.WriteBatch(importId, source, batch);
                }
            }
            catch
            {
                _failed.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Write(LedgerRow row)
    {
        _totals?.Add(row);
        _batch[_count++] = row;
        if (_count == BatchSize)
        {
            Hand(_batch);
            _batch = new LedgerRow[BatchSize];
            _count = 0;
        }
    }

    /// <summary>Hands over the last batch and waits until every row is stored; rethrows the writer's failure.</summary>
    public void Complete()
    {
        if (_count > 0)
        {
            Hand(_batch[.._count]);
            _count = 0;
        }
        _completed = true;
        _queue.CompleteAdding();
        Wait();
    }

    private void Hand(LedgerRow[] batch)
    {
        try
        {
            _queue.Add(batch, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            Wait(); // the writer failed: its exception, not the cancellation, is the news
            throw;
        }
    }

    private void Wait()
    {
        try
        {
            _consumer.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>When the reading failed before <see cref="Complete"/>: stops the writer and waits for it, so that the transaction can roll back.</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _queue.CompleteAdding();
            try
            {
                _consumer.Wait();
            }
            catch (AggregateException)
            {
                // The reader's exception is already on its way; the transaction rolls back either way.
            }
        }
        _queue.Dispose();
        _failed.Dispose();
    }
}
