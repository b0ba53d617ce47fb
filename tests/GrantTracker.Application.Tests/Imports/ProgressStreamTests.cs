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
}
