using System.Text;
using GrantTracker.Application.Imports.Sie;

namespace GrantTracker.Application.Tests.Imports;

public sealed class SieChecksumTests
{
    private const string Records = """
        #FLAGGA 0
        #PROGRAM "Test" 1.0
        #FORMAT PC8
        #SIETYP 4
        #RAR 0 20240101 20241231
        #VER A 1 20240301 "Åtgärd"
        {
        	#TRANS 4010 {1 "4100"} 100.00
        	#TRANS 1930 {} -100.00
        }
        """;

    // What the standard feeds the CRC for the records above: labels and field contents only,
    // without the spaces between fields, the quotes, the braces and the line ends.
    private const string ChecksummedText =
        "#FLAGGA0" + "#PROGRAMTest1.0" + "#FORMATPC8" + "#SIETYP4" + "#RAR02024010120241231" +
        "#VERA120240301Åtgärd" + "#TRANS401014100100.00" + "#TRANS1930-100.00";

    [Fact]
    public void The_checksum_routine_is_the_standard_CRC_32()
    {
        Assert.Equal(0xCBF43926u, SieChecksum.Compute("123456789"u8));
    }

    [Fact]
    public void A_file_whose_KSUMMA_matches_its_content_is_accepted()
    {
        var crc = SieChecksum.Compute(SieEncoding.Cp437.GetBytes(ChecksummedText));

        var (info, rows) = SieReaderTests.Read($"#KSUMMA\r\n{Records}\r\n#KSUMMA {crc}\r\n");

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void A_KSUMMA_written_as_a_signed_number_is_the_same_checksum()
    {
        var crc = unchecked((int)SieChecksum.Compute(SieEncoding.Cp437.GetBytes(ChecksummedText)));

        var (info, _) = SieReaderTests.Read($"#KSUMMA\n{Records}\n#KSUMMA {crc}\n");

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
    }

    [Fact]
    public void A_UTF8_file_has_its_checksum_over_its_UTF8_bytes()
    {
        var crc = SieChecksum.Compute(Encoding.UTF8.GetBytes(ChecksummedText));

        var (info, _) = SieReaderTests.Read(new UTF8Encoding(false).GetBytes($"#KSUMMA\n{Records}\n#KSUMMA {crc}\n"));

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("UTF-8", info.Encoding);
    }

    [Fact]
    public void A_file_changed_after_export_fails_its_checksum_with_a_Swedish_error()
    {
        var crc = SieChecksum.Compute(SieEncoding.Cp437.GetBytes(ChecksummedText));
        var changed = Records.Replace("100.00", "900.00");

        var (info, _) = SieReaderTests.Read($"#KSUMMA\n{changed}\n#KSUMMA {crc}\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal(12, error.Line);
        Assert.Equal("Kontrollsumma", error.Field);
        Assert.StartsWith("Kontrollsumman stämmer inte", error.Message);
    }

    [Fact]
    public void A_file_that_opens_a_checksum_but_never_closes_it_is_truncated()
    {
        var (info, _) = SieReaderTests.Read($"#KSUMMA\n{Records}\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("saknar den avslutande #KSUMMA", error.Message);
    }
}
