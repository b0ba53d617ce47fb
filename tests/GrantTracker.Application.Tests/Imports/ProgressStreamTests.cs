using System.Security.Cryptography;
using GrantTracker.Application.Imports;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>The import's hash comes from the bytes the reader reads: it must equal the file's SHA-256 however the reader reads.</summary>
public sealed class ProgressStreamTests
{
    private static readonly byte[] Bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251)).ToArray();

    private static string Expected => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    [Fact]
    public void A_file_read_from_start_to_end_is_hashed_from_the_bytes_read()
    {
        using var stream = new ProgressStream(new MemoryStream(Bytes), null, hashing: true);
        var buffer = new byte[7_000];
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        Assert.Equal(Expected, stream.FinishHash());
    }

    [Fact]
    public void A_reader_that_stops_early_still_gets_the_whole_files_hash()
    {
        using var stream = new ProgressStream(new MemoryStream(Bytes), null, hashing: true);
        stream.ReadExactly(new byte[10_000]);

        Assert.Equal(Expected, stream.FinishHash());
    }

    [Fact]
    public void A_reader_that_seeks_gets_the_file_hashed_again()
    {
        using var stream = new ProgressStream(new MemoryStream(Bytes), null, hashing: true);
        stream.ReadExactly(new byte[10_000]);
        stream.Seek(250_000, SeekOrigin.Begin); // as a zip reader does: the directory is at the end
        stream.ReadExactly(new byte[50_000]);
        stream.Position = 0;
        stream.ReadExactly(new byte[1_000]);

        Assert.Equal(Expected, stream.FinishHash());
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        // A MemoryStream subclass's span reads go through this overload.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
    }

    [Fact]
    public void A_reader_that_goes_back_to_the_start_and_reads_again_is_hashed_without_a_third_read()
    {
        // As the CSV reader does: once through to tell the encoding, then from the start to parse.
        var inner = new CountingStream(Bytes);
        using var stream = new ProgressStream(inner, null, hashing: true);
        stream.ReadExactly(new byte[Bytes.Length]);
        stream.Position = 0;
        stream.ReadExactly(new byte[Bytes.Length]);
        var read = inner.BytesRead;

        Assert.Equal(Expected, stream.FinishHash());
        Assert.Equal(read, inner.BytesRead);
    }
}
