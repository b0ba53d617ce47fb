namespace GrantTracker.Application.Imports;

/// <summary>A read-only wrapper that reports how far through the file a reader has come (0–1).</summary>
public sealed class ProgressStream(Stream inner, IProgress<double>? progress) : Stream
{
    private long _reported = -1;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Report(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Report(int read)
    {
        if (progress is not null && inner.CanSeek && inner.Length > 0)
        {
            // Report in whole percents: a million rows must not mean a million callbacks.
            var percent = inner.Position * 100 / inner.Length;
            if (percent != _reported)
            {
                _reported = percent;
                progress.Report(percent / 100.0);
            }
        }
        return read;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
