using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Common.Uploads;

namespace GrantTracker.Application.Tests.Uploads;

/// <summary>Issue 23, point 6: the one rule for every kept upload, by extension and by content, with names cleaned.</summary>
public sealed class UploadRuleTests
{
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n%%EOF"u8.ToArray();

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    /// <summary>A minimal Office Open XML package: the content types, the kind's main part and, for a macro file, its VBA project.</summary>
    public static byte[] Package(string mainPart, bool macros = false, string contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(text);
            }
            Add("[Content_Types].xml", $"<?xml version=\"1.0\"?><Types><Override PartName=\"/{mainPart}\" ContentType=\"{contentType}\"/></Types>");
            Add(mainPart, "<?xml version=\"1.0\"?><document/>");
            if (macros)
            {
                Add(Path.GetDirectoryName(mainPart)!.Replace('\\', '/') + "/vbaProject.bin", "VBA");
            }
        }
        return stream.ToArray();
    }

    private static byte[] Workbook()
    {
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet("Underlag").Cell(1, 1).Value = "Antal";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Pdf_Office_files_without_macros_pictures_and_plain_text_are_taken()
    {
        Assert.Null(UploadRule.Check("Slutredovisning 2023.pdf", Pdf));
        Assert.Null(UploadRule.Check("underlag.docx", Package("word/document.xml")));
        Assert.Null(UploadRule.Check("underlag.xlsx", Workbook()));
        Assert.Null(UploadRule.Check("bilder.pptx", Package("ppt/presentation.xml")));
        Assert.Null(UploadRule.Check("kvitto.png", Png));
        Assert.Null(UploadRule.Check("kvitto.JPG", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]));
        Assert.Null(UploadRule.Check("lista.csv", Encoding.UTF8.GetBytes("Enhet;Antal\r\nHC1;12\r\n")));
        Assert.Null(UploadRule.Check("anteckning.txt", Encoding.Latin1.GetBytes("Vårdcentral Åre\tklar\n")));
    }

    [Theory]
    [InlineData("program.exe")]
    [InlineData("sida.html")]
    [InlineData("bild.svg")]
    [InlineData("skript.js")]
    [InlineData("gammal.doc")]
    [InlineData("utan-andelse")]
    [InlineData("rapport.pdf.exe")]
    public void A_file_of_a_type_not_taken_is_refused_with_the_types_that_are(string name)
    {
        var refusal = UploadRule.Check(name, Pdf);

        Assert.Equal($"Filen {name} har en filtyp som inte tas emot. Bifoga pdf, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), png, jpg, csv och txt.", refusal);
    }

    [Fact]
    public void A_name_that_displays_as_a_pdf_through_a_right_to_left_override_is_cleaned_and_refused_as_the_program_it_is()
    {
        var name = "x\u202Efdp.exe"; // shown as "xexe.pdf"

        Assert.Equal("xfdp.exe", UploadRule.CleanName(name, "bilaga"));
        Assert.Contains("Filen xfdp.exe har en filtyp som inte tas emot", UploadRule.Check(name, Pdf));
    }

    [Fact]
    public void Names_lose_their_path_control_bidirectional_and_invisible_characters_and_keep_their_extension_when_shortened()
    {
        Assert.Equal("Beslut RS 2023.pdf", UploadRule.CleanName(@"C:\Users\hl\Beslut RS 2023.pdf", "bilaga"));
        Assert.Equal("radbrytning.pdf", UploadRule.CleanName("rad\r\nbryt\u0000ning.pdf", "bilaga"));
        Assert.Equal("abc.pdf", UploadRule.CleanName("a\u200Eb\u2067c\u200B.pdf", "bilaga"));
        Assert.Equal("a_b_.pdf", UploadRule.CleanName("a:b?.pdf", "bilaga"));
        Assert.Equal("bilaga", UploadRule.CleanName("\u202E\u0007 ", "bilaga"));
        Assert.Equal("bilaga", UploadRule.CleanName("../..", "bilaga"));
        var longName = UploadRule.CleanName(new string('å', 300) + ".pdf", "bilaga");
        Assert.Equal(UploadRule.MaxNameLength, longName.Length);
        Assert.EndsWith(".pdf", longName);
    }

    [Theory]
    [InlineData("makro.docx", "word/document.xml")]
    [InlineData("makro.xlsx", "xl/workbook.xml")]
    [InlineData("makro.pptx", "ppt/presentation.xml")]
    public void An_Office_file_with_macros_renamed_to_its_macro_free_extension_is_refused(string name, string mainPart)
    {
        Assert.Contains("innehåller makron", UploadRule.Check(name, Package(mainPart, macros: true)));
        Assert.Contains("innehåller makron", UploadRule.Check(name, Package(mainPart, contentType: "application/vnd.ms-excel.sheet.macroEnabled.main+xml")));
    }

    [Theory]
    [InlineData("makro.xlsm")]
    [InlineData("makro.docm")]
    public void A_macro_extension_is_refused(string name) =>
        Assert.Contains("har en filtyp som inte tas emot", UploadRule.Check(name, Package("xl/workbook.xml", macros: true)));

    [Fact]
    public void A_file_whose_content_is_not_what_its_extension_says_is_refused()
    {
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();
        Assert.Contains("är inte en pdf-fil", UploadRule.Check("faktura.pdf", html));
        Assert.Contains("är inte en Word (.docx)-fil", UploadRule.Check("brev.docx", Pdf));
        Assert.Contains("är inte en Word (.docx)-fil", UploadRule.Check("brev.docx", Package("xl/workbook.xml"))); // a workbook named .docx
        Assert.Contains("är inte en Excel (.xlsx)-fil", UploadRule.Check("tabell.xlsx", "PK\u0003\u0004 trasig"u8.ToArray()));
        Assert.Contains("är inte en png-fil", UploadRule.Check("bild.png", html));
        Assert.Contains("är inte ren text", UploadRule.Check("lista.csv", [0x4D, 0x5A, 0x90, 0x00, 0x03]));
        Assert.Contains("är inte ren text", UploadRule.Check("utf16.txt", Encoding.Unicode.GetBytes("Hej")));
        Assert.Contains("är tom", UploadRule.Check("tom.pdf", []));
        Assert.Contains("är för stor: högst 20 MB", UploadRule.Check("stor.pdf", [.. "%PDF-"u8, .. new byte[UploadRule.MaxFileBytes]]));
    }

    [Fact]
    public void A_file_is_served_with_the_type_of_its_checked_extension_not_the_browsers()
    {
        Assert.Equal("application/pdf", UploadRule.ContentType("a.PDF"));
        Assert.Equal("image/jpeg", UploadRule.ContentType("a.jpeg"));
        Assert.Equal("application/octet-stream", UploadRule.ContentType("a.html"));
    }
}
