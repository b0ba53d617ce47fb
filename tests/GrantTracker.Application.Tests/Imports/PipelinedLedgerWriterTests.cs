using GrantTracker.Application.Imports;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>The hand-over between the reading thread and the writing thread: every row once, in order, and failures not lost.</summary>
public sealed class PipelinedLedgerWriterTests
{
    private sealed class RecordingWriter(int failAt = -1) : LedgerEntryWriter
    {
        public List<int> Lines { get; } = [];

        public int? WriterThread { get; private set; }

        public override void Write(int importId, string source, LedgerRow row)
        {
            WriterThread ??= Environment.CurrentManagedThreadId;
            if (row.Line == failAt)
            {
                throw new InvalidOperationException($"disk full at {row.Line}");
            }
            Lines.Add(row.Line);
        }

        public override void Dispose()
        {
        }
    }

    private static LedgerRow Row(int line) =>
        new(line, "A", line.ToString(), new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 1), "5010", 1m, "9916", null, null, null);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(50_001)]
    public void Every_row_is_written_once_in_order_on_another_thread(int rows)
    {
        var writer = new RecordingWriter();
        using (var pipeline = new PipelinedLedgerWriter(writer, 1, "huvudbok"))
        {
            for (var i = 1; i <= rows; i++)
            {
                pipeline.Write(Row(i));
            }
            pipeline.Complete();
        }

        Assert.Equal(Enumerable.Range(1, rows), writer.Lines);
        if (rows > 0)
        {
            Assert.NotEqual(Environment.CurrentManagedThreadId, writer.WriterThread);
        }
    }

    [Fact]
    public void A_failure_of_the_writer_reaches_the_reader_with_its_own_message()
    {
        var writer = new RecordingWriter(failAt: 10_000);
        using var pipeline = new PipelinedLedgerWriter(writer, 1, "huvudbok");

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            for (var i = 1; i <= 200_000; i++)
            {
                pipeline.Write(Row(i));
            }
            pipeline.Complete();
        });

        Assert.Equal("disk full at 10000", error.Message);
        Assert.Equal(9_999, writer.Lines.Count);
    }

    [Fact]
    public void Disposing_without_completing_stops_the_writer_so_the_transaction_can_roll_back()
    {
        var writer = new RecordingWriter();
        var pipeline = new PipelinedLedgerWriter(writer, 1, "huvudbok");
        for (var i = 1; i <= 10_000; i++)
        {
            pipeline.Write(Row(i));
        }

        pipeline.Dispose(); // the reader threw: the rows handed over so far are written, the rest dropped

        Assert.Equal(8_192, writer.Lines.Count);
    }
}
