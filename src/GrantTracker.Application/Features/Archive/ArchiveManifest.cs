using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using GrantTracker.Application.Reports;

namespace GrantTracker.Application.Features.Archive;

/// <summary>
/// The package's manifest (<c>METS.xml</c>, after FGS Paketstruktur's METS profile where it is practical), its descriptive metadata
/// (<c>metadata/overenskommelse.xml</c>) and the README in Swedish. Every date is the package's date, taken from the data.
/// </summary>
internal static class ArchiveManifest
{
    public const string FileName = "METS.xml";

    private static readonly XNamespace MetsNs = "http://www.loc.gov/METS/";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    private static string Date(DateTime utc) => ArchiveZip.Utc(utc);

    /// <summary>
    /// The METS document: header (created, the region as archivist, GrantTracker as creator), a reference to the descriptive metadata,
    /// one file section with every file (size, SHA-256, media type, path), grouped by the first folder under <c>content/</c>, and a
    /// structural map over the groups.
    /// </summary>
    public static string Mets(ArchiveDescription d, IReadOnlyList<ArchiveFile> files)
    {
        var ids = files.Select((f, i) => (File: f, Id: $"FILE{i + 1:D5}")).ToList();
        var groups = ids.GroupBy(x => Group(x.File.Path)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var created = Date(d.PackageDateUtc);
        var root = new XElement(MetsNs + "mets",
            new XAttribute(XNamespace.Xmlns + "mets", MetsNs.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xlink", XLink.NamespaceName),
            new XAttribute("OBJID", $"granttracker:{d.Code}"),
            new XAttribute("LABEL", $"{d.Name} ({d.Code})"),
            new XAttribute("TYPE", "Statsbidrag"),
            new XElement(MetsNs + "metsHdr",
                new XAttribute("CREATEDATE", created),
                new XAttribute("RECORDSTATUS", "NEW"),
                new XElement(MetsNs + "agent", new XAttribute("ROLE", "ARCHIVIST"), new XAttribute("TYPE", "ORGANIZATION"),
                    new XElement(MetsNs + "name", ReportDocument.Region)),
                new XElement(MetsNs + "agent", new XAttribute("ROLE", "CREATOR"), new XAttribute("TYPE", "OTHER"), new XAttribute("OTHERTYPE", "SOFTWARE"),
                    new XElement(MetsNs + "name", "GrantTracker")),
                d.DiaryNumber is null ? null : new XElement(MetsNs + "altRecordID", new XAttribute("TYPE", "DIARIENUMMER"), d.DiaryNumber)),
            new XElement(MetsNs + "dmdSec", new XAttribute("ID", "DMD1"), new XAttribute("CREATED", created),
                new XElement(MetsNs + "mdRef", new XAttribute("LOCTYPE", "URL"), new XAttribute("MDTYPE", "OTHER"), new XAttribute("OTHERMDTYPE", "GrantTracker"),
                    new XAttribute(XLink + "type", "simple"), new XAttribute(XLink + "href", "metadata/overenskommelse.xml"), new XAttribute("MIMETYPE", "application/xml"))),
            new XElement(MetsNs + "fileSec",
                groups.Select(g => new XElement(MetsNs + "fileGrp", new XAttribute("ID", $"GRP-{g.Key}"), new XAttribute("USE", g.Key),
                    g.Select(x => new XElement(MetsNs + "file",
                        new XAttribute("ID", x.Id),
                        new XAttribute("MIMETYPE", x.File.MediaType),
                        new XAttribute("SIZE", x.File.Size.ToString(CultureInfo.InvariantCulture)),
                        new XAttribute("CREATED", created),
                        new XAttribute("CHECKSUM", x.File.Sha256),
                        new XAttribute("CHECKSUMTYPE", "SHA-256"),
                        new XElement(MetsNs + "FLocat", new XAttribute("LOCTYPE", "URL"), new XAttribute(XLink + "type", "simple"), new XAttribute(XLink + "href", x.File.Path))))))),
            new XElement(MetsNs + "structMap", new XAttribute("TYPE", "physical"), new XAttribute("LABEL", "Arkivpaketets struktur"),
                new XElement(MetsNs + "div", new XAttribute("LABEL", d.Code), new XAttribute("DMDID", "DMD1"),
                    groups.Select(g => new XElement(MetsNs + "div", new XAttribute("LABEL", g.Key),
                        g.Select(x => new XElement(MetsNs + "fptr", new XAttribute("FILEID", x.Id))))))));
        return Write(root);
    }

    /// <summary>The group a file is listed in: the folder under <c>content/</c> (definition, insatser, huvudbok …), else metadata or the package's documentation.</summary>
    private static string Group(string path)
    {
        var parts = path.Split('/');
        return parts[0] switch
        {
            "content" when parts.Length > 2 => parts[1],
            "metadata" => "metadata",
            _ => "dokumentation",
        };
    }

    public static string Description(ArchiveDescription d)
    {
        var root = new XElement("overenskommelse",
            new XElement("kod", d.Code),
            new XElement("namn", d.Name),
            new XElement("motpart", d.Counterparty),
            new XElement("diarienummer", d.DiaryNumber ?? ""),
            new XElement("startdatum", ArchiveZip.Date(d.Start)),
            new XElement("slutdatum", ArchiveZip.Date(d.End)),
            new XElement("status", d.Status),
            new XElement("arkivbildare", ReportDocument.Region),
            new XElement("paketdatum", Date(d.PackageDateUtc)),
            new XElement("huvudboksrader", d.LedgerRows.ToString(CultureInfo.InvariantCulture)),
            new XElement("granskningsposter", d.AuditEntries.ToString(CultureInfo.InvariantCulture)));
        return Write(root);
    }

    private static string Write(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Replace };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>What the package is and how to read it, for the archivist who opens it in twenty years.</summary>
    public static string Readme(ArchiveDescription d) => $"""
        Arkivpaket för överenskommelsen {d.Name} ({d.Code})
        ===================================================

        Arkivbildare: {ReportDocument.Region}
        Motpart: {d.Counterparty}
        Diarienummer: {d.DiaryNumber ?? "–"}
        Period: {ArchiveZip.Date(d.Start)} – {ArchiveZip.Date(d.End)}
        Status när paketet skapades: {d.Status}
        Paketets datum: {Date(d.PackageDateUtc)} (den senaste ändringen i överenskommelsens granskningslogg, i UTC)

        Paketet är skapat av GrantTracker, regionens system för riktade statsbidrag. Det följer strukturen i
        FGS Paketstruktur där det går: METS.xml är paketets innehållsförteckning, metadata/ beskriver
        överenskommelsen och content/ innehåller handlingarna. Samma databas ger alltid samma paket, byte
        för byte.

        Innehållsförteckningen
        ----------------------
        METS.xml listar varje fil i paketet (utom sig själv) med storlek i byte, SHA-256-kontrollsumma och
        medietyp. Kontrollera en fil genom att räkna ut dess SHA-256 och jämföra med CHECKSUM.

        Handlingarna (content/)
        -----------------------
        definition/{d.Code}.json
            Överenskommelsens definition i GrantTrackers filformat för överenskommelser (docs/agreement-definition.md):
            utvecklingsområden, rader, kostnadsobjekt, villkor, rapporteringskrav och insatser. Filen kan
            importeras i GrantTracker igen.
        overenskommelse/overenskommelse.json, overenskommelse/dokument/
            Status, statens utbetalningar, beslut om outnyttjade medel, villkorsredovisningar och de dokument
            som sparats med överenskommelsen (överenskommelsen, regionens beslut).
        insatser/insatser.json
            Varje insats med beslut (datum, diarienummer, motivering), statushistorik, budget per år,
            exitbudget och investering.
        avstamning/
            stangda-manader.json: varje stängd månad (och öppnad igen, med skäl).
            ÅÅÅÅ-MM.json: avstämningen till och med varje stängd månad, så som den stängdes: en stängd månads
            underlag (huvudboksrader, flyttar, objektens perioder) kan inte ändras utan att månaden öppnas.
            Budgetkolumnerna (beslutat, planerat) visar insatsernas budget när paketet skapades.
            kommentarer.json: kommentarer och åtgärder till avvikelser. flyttade-rader.json: rader som en
            ekonom flyttat till en annan rad, med motivering.
        rapporter/
            rapporter.json: rapporterna att lämna, vem som skickade dem och när, och svaren på
            redovisningskraven per år. inskickade/: filerna som skickades. underlag/: underlag till kraven.
        fordelningar/
            fordelningar.json: fördelningarna till vårdenheterna med rader och enheternas återrapporter.
            Under fordelningar/<fördelning>/<enhet>/ ligger återrapporternas bilagor.
        huvudbok/
            rader.csv: alla lagrade huvudboksrader på överenskommelsens kostnadsobjekt och månader
            ({d.LedgerRows.ToString(CultureInfo.InvariantCulture)} rader), som de importerades.
            manadssummor.csv: summorna per månad, objekt, konto och projekt som avstämningen räknar från.
            avstamning-mot-huvudbok.csv: hur varje månad stämdes av mot huvudbokens egna saldon.
        granskningslogg/granskningslogg.csv
            Överenskommelsens granskningslogg ({d.AuditEntries.ToString(CultureInfo.InvariantCulture)} händelser), äldst först:
            både som den lagrades (interna namn, ändringar som JSON) och som Granskningslogg visar den.

        Format
        ------
        Text är UTF-8. CSV-filerna följer RFC 4180: kommatecken mellan fälten, decimalpunkt, radslut CRLF,
        första raden är rubriker. Belopp är kronor med punkt som decimaltecken (1234.5 = 1 234,50 kr),
        datum ÅÅÅÅ-MM-DD och tidpunkter UTC (ÅÅÅÅ-MM-DDTtt:mm:ssZ); i granskningsloggens kolumn tid_svensk
        är tiden svensk.
        """.ReplaceLineEndings("\n") + "\n";
}
