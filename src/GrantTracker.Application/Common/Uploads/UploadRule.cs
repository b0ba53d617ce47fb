using System.Globalization;
using System.IO.Compression;
using System.Text;
using GrantTracker.Application.Features.Deadlines;

namespace GrantTracker.Application.Common.Uploads;

/// <summary>
/// The one rule for a file a user uploads to be kept: a unit's report attachments, requirement evidence, an agreement's
/// files and the file recorded with a report sent ("Markera som inskickad"). A file is taken when its name's extension is
/// one of <see cref="Kinds"/> and its content is what the extension says (the first bytes, and for Office files the
/// package inside): a renamed program, a web page or a macro workbook is refused whatever it is called. Names are cleaned
/// (<see cref="CleanName"/>) before the extension is read, so a right-to-left override cannot dress "exe" up as "pdf".
/// Ledger and listing uploads are read by their own parsers; only their names are cleaned here.
/// </summary>
public static class UploadRule
{
    /// <summary>Reports and receipts are a few megabytes; the bytes live in the database.</summary>
    public const int MaxFileBytes = MarkObligationSentHandler.MaxFileBytes;

    public const int MaxNameLength = 260;

    /// <summary>What the refusals list, in the order a user reads it.</summary>
    public const string AllowedText = "pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt";

    private enum Content
    {
        Pdf,
        Word,
        Excel,
        PowerPoint,
        Png,
        Jpeg,
        Text,
    }

    private sealed record Kind(Content Content, string Name, string ContentType);

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = new(Content.Pdf, "pdf", "application/pdf"),
        [".docx"] = new(Content.Word, "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = new(Content.Excel, "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".pptx"] = new(Content.PowerPoint, "PowerPoint (.pptx)", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        [".png"] = new(Content.Png, "png", "image/png"),
        [".jpg"] = new(Content.Jpeg, "jpg", "image/jpeg"),
        [".jpeg"] = new(Content.Jpeg, "jpg", "image/jpeg"),
        [".csv"] = new(Content.Text, "csv", "text/csv"),
        [".txt"] = new(Content.Text, "txt", "text/plain"),
    };

    /// <summary>The extensions taken, for the file chooser's <c>accept</c>.</summary>
    public static string Accept => string.Join(",", Kinds.Keys);

    /// <summary>
    /// The refusal for one file, in Swedish, or null when it is taken: its type (extension and content), that it is not
    /// empty and at most <see cref="MaxFileBytes"/>. The name in the message is the cleaned one.
    /// </summary>
    public static string? Check(string fileName, byte[] content)
    {
        var name = CleanName(fileName, "filen");
        if (!Kinds.TryGetValue(Path.GetExtension(name), out var kind))
        {
            return $"Filen {name} har en filtyp som inte tas emot. Bifoga {AllowedText}.";
        }
        if (content.Length == 0)
        {
            return $"Filen {name} är tom. Välj filen igen.";
        }
        if (content.Length > MaxFileBytes)
        {
            return $"Filen {name} är för stor: högst {MaxFileBytes / (1024 * 1024)} MB. Spara den som pdf eller dela upp den.";
        }
        return kind.Content switch
        {
            Content.Pdf => StartsWith(content, "%PDF-"u8) ? null : NotWhatItSays(name, kind),
            Content.Png => StartsWith(content, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? null : NotWhatItSays(name, kind),
            Content.Jpeg => StartsWith(content, [0xFF, 0xD8, 0xFF]) ? null : NotWhatItSays(name, kind),
            Content.Text => IsPlainText(content) ? null : $"Filen {name} är inte ren text: den innehåller binära tecken. Spara den som {kind.Name} (UTF-8) och bifoga den igen.",
            _ => OfficeRefusal(name, kind, content),
        };
    }

    /// <summary>The refusal for the first file of <paramref name="files"/> that is not taken, or null.</summary>
    public static string? Check(IEnumerable<SentFile> files) =>
        files.Select(f => Check(f.FileName, f.Content)).FirstOrDefault(refusal => refusal is not null);

    /// <summary>The type the file is served with: from its (checked) extension, never from what the browser said.</summary>
    public static string ContentType(string fileName) =>
        Kinds.TryGetValue(Path.GetExtension(CleanName(fileName, "")), out var kind) ? kind.ContentType : "application/octet-stream";

    /// <summary>
    /// The name to keep and show: without any client path, without control characters, bidirectional overrides and other
    /// invisible format characters (a name that displays as "xexe.pdf" is "x\u202Efdp.exe"), without the characters Windows
    /// refuses in a name, in composed form, at most <see cref="MaxNameLength"/> characters with its extension kept.
    /// </summary>
    public static string CleanName(string? name, string fallback)
    {
        var text = (name ?? "").Replace('\\', '/');
        text = text[(text.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            kept.Append(c is '"' or '<' or '>' or '|' or ':' or '*' or '?' ? '_' : c);
        }
        var cleaned = kept.ToString().Trim().TrimEnd('.').Trim();
        if (cleaned.Length == 0 || cleaned.All(c => c == '.'))
        {
            return fallback;
        }
        if (cleaned.Length <= MaxNameLength)
        {
            return cleaned;
        }
        var extension = Path.GetExtension(cleaned);
        extension = extension.Length <= 20 ? extension : "";
        return cleaned[..(MaxNameLength - extension.Length)] + extension;
    }

    private static string NotWhatItSays(string name, Kind kind) =>
        $"Filen {name} är inte en {kind.Name}-fil: innehållet stämmer inte med filändelsen. Spara den på nytt som {AllowedText} och bifoga den igen.";

    private static bool StartsWith(byte[] content, ReadOnlySpan<byte> signature) => content.AsSpan().StartsWith(signature);

    /// <summary>
    /// An Office Open XML package of the extension's kind, without macros: a zip with <c>[Content_Types].xml</c>, the kind's
    /// main part, and no <c>vbaProject.bin</c> or macro-enabled content type (an .xlsm or .docm renamed).
    /// </summary>
    private static string? OfficeRefusal(string name, Kind kind, byte[] content)
    {
        if (!StartsWith(content, "PK\u0003\u0004"u8))
        {
            return NotWhatItSays(name, kind);
        }
        var mainPart = kind.Content switch
        {
            Content.Word => "word/",
            Content.Excel => "xl/",
            _ => "ppt/",
        };
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) && n.Contains("vba", StringComparison.OrdinalIgnoreCase)))
            {
                return Macros(name);
            }
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || !names.Any(n => n.StartsWith(mainPart, StringComparison.OrdinalIgnoreCase)))
            {
                return NotWhatItSays(name, kind);
            }
            using var reader = new StreamReader(types.Open());
            var buffer = new char[256 * 1024];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read).Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) ? Macros(name) : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return NotWhatItSays(name, kind);
        }
    }

    private static string Macros(string name) =>
        $"Filen {name} innehåller makron och tas inte emot. Spara den utan makron (som .docx, .xlsx eller .pptx, eller som pdf) och bifoga den igen.";

    /// <summary>Text as a spreadsheet or editor writes it: no NUL and no control characters but tab, line breaks and form feed.</summary>
    private static bool IsPlainText(byte[] content)
    {
        foreach (var b in content)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C) || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }
}
