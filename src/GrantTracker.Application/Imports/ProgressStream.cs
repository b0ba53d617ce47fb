using System.Security.Cryptography;

namespace GrantTracker.Application.Imports;

/// <summary>
/// A read-only wrapper that reports how far through the file a reader has come (0–1) and, with
/// <paramref name="hashing"/>, computes the file's SHA-256 from the very bytes the reader reads, so a file read
/// from start to end is read once, not twice, and no third thread competes with the reader and the writer.
/// </summary>
public sealed class ProgressStream(Stream inner, IProgress<double>? progress, bool hashing = false) : Stream
{
    private long _reported = -1;
    private readonly IncrementalHash? _hash = hashing ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long _hashed;
    private bool _sequential = true;

    /// <summary>
    /// The SHA-256 of the whole file: the bytes read so far if every read began within what was already read
    /// (in order, or going back), plus the rest; otherwise (a reader that skipped ahead) the file hashed again.
    /// </summary>
    public string FinishHash()
    {
        if (_hash is null)
        {
            throw new InvalidOperationException("The stream was not created to hash.");
        }
        using var fresh = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var target = _sequential ? _hash : fresh;
        inner.Position = _sequential ? _hashed : 0;
        var buffer = new byte[81920];
        int read;
        while ((read = inner.Read(buffer, 0, buffer.Length)) > 0)
        {
            target.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(target.GetHashAndReset());
    }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var at = _hash is null ? 0 : inner.Position;
        var read = inner.Read(buffer);
        Hash(at, buffer[..read]);
        return Report(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var at = _hash is null ? 0 : inner.Position;
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Hash(at, buffer.Span[..read]);
        return Report(read);
    }

    private void Hash(long at, ReadOnlySpan<byte> bytes)
    {
        if (_hash is null || !_sequential)
        {
            return;
        }
        if (at > _hashed)
        {
            _sequential = false; // the reader skipped bytes: hash the file again at the end
            return;
        }
        // A reader that goes back (the CSV reader reads the file once to tell its encoding, then from the
        // start again) re-reads bytes already hashed: only what lies beyond them is new.
        var seen = (int)Math.Min(_hashed - at, bytes.Length);
        _hash.AppendData(bytes[seen..]);
        _hashed += bytes.Length - seen;
    }

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
            _hash?.Dispose();
        }
        base.Dispose(disposing);
    }
}
