using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrantTracker.Application.Features.Archive;

/// <summary>One file of the package as the manifest lists it: its path under the package's folder, size, SHA-256 (lower-case hex) and media type.</summary>
public sealed record ArchiveFile(string Path, long Size, string Sha256, string MediaType);

/// <summary>
/// Writes the entries of one archive package to a zip and remembers each entry's size and SHA-256 for the manifest. Everything that
/// could make two runs differ is fixed here: every entry carries the same timestamp (a date from the data, never the clock), the same
/// attributes and compression, and the zip is written to the output as a forward-only stream, so a file on disk and an HTTP response get
/// the same bytes (on a seekable stream .NET would go back and fill in the sizes instead of writing a data descriptor).
/// </summary>
internal sealed class ArchiveZip : IAsyncDisposable
{
    /// <summary>Regular file, rw-r--r--: fixed, so the attributes do not depend on the machine that writes the package.</summary>
    private const int FileAttributes = unchecked((int)0x81A40000);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new PlainDecimalConverter() },
    };

    private readonly ZipArchive _zip;
    private readonly DateTimeOffset _timestamp;
    private readonly List<ArchiveFile> _files = [];

    /// <param name="root">The package's folder inside the zip (its id), without a slash.</param>
    /// <param name="timestamp">Every entry's time: a date from the data (zip cannot store one before 1980, so earlier dates are raised to it).</param>
    public ArchiveZip(Stream output, string root, DateTime timestamp)
    {
        Root = root;
        var earliest = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        _timestamp = new DateTimeOffset(DateTime.SpecifyKind(timestamp < earliest ? earliest : timestamp, DateTimeKind.Unspecified), TimeSpan.Zero);
        _zip = new ZipArchive(new ForwardOnlyStream(output), ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Utf8);
    }

    public string Root { get; }

    /// <summary>The content files written so far, in the order written.</summary>
    public IReadOnlyList<ArchiveFile> Files => _files;

    public Task AddAsync(string path, byte[] content, string mediaType, CancellationToken ct) =>
        AddAsync(path, mediaType, (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);

    public Task AddTextAsync(string path, string text, string mediaType, CancellationToken ct) =>
        AddAsync(path, Utf8.GetBytes(text.ReplaceLineEndings("\n")), mediaType, ct);

    public Task AddJsonAsync<T>(string path, T value, CancellationToken ct) =>
        AddAsync(path, Utf8.GetBytes(JsonSerializer.Serialize(value, Json).ReplaceLineEndings("\n") + "\n"), "application/json", ct);

    /// <summary>An entry written by <paramref name="write"/> as it goes (the ledger's rows): hashed and counted on the way into the zip.</summary>
    public async Task AddAsync(string path, string mediaType, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var entry = _zip.CreateEntry($"{Root}/{path}", CompressionLevel.Optimal);
        entry.LastWriteTime = _timestamp;
        entry.ExternalAttributes = FileAttributes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size;
        await using (var stream = entry.Open())
        {
            var counting = new HashingStream(stream, hash);
            await write(counting, ct);
            await counting.FlushAsync(ct);
            size = counting.Length;
        }
        _files.Add(new ArchiveFile(path, size, Convert.ToHexStringLower(hash.GetHashAndReset()), mediaType));
    }

    public async ValueTask DisposeAsync()
    {
        // The central directory is written on dispose; the output itself belongs to the caller.
        await _zip.DisposeAsync();
    }

    public static string Utc(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? value) => value is { } v ? Date(v) : null;

    /// <summary>41247254 rather than 41247254.00: the same number always gives the same text.</summary>
    public static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A field of a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break.</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A stored file's name as a path segment: no folders, nothing a file system refuses.</summary>
    public static string Segment(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c);
        }
        var cleaned = builder.ToString().Trim().Trim('.');
        return cleaned.Length == 0 ? "fil" : cleaned;
    }

    private sealed class PlainDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
    }

    /// <summary>Hashes and counts what passes through to the zip entry.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            hash.AppendData(buffer.Span);
            _length += buffer.Length;
            return inner.WriteAsync(buffer, ct);
        }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The output as a stream that cannot seek, whatever it is: the zip's layout then never depends on where it is written.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await inner.WriteAsync(buffer, ct);
            _position += buffer.Length;
        }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
