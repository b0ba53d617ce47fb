using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;
using static GrantTracker.Web.Tests.Features.DefinitionHttp;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// National keys over HTTP: an officer states the key behind an area's or a line's amount (population share, base plus share,
/// a pasted or uploaded table), the page checks the region's row and the table's sum and shows a difference as it is, a table
/// that cannot be read is refused with its line numbers, and who sees and who changes what.
/// </summary>
public sealed class NationalKeysHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private const char Nbsp = '\u00A0';

    private static string KeysPage(int id) => $"/overenskommelser/{id}/nationella-nycklar";

    private static Dictionary<string, string> Fields(string rule, string version, string? national = null, string? share = null, string? baseAmount = null,
        string? regions = null, string? region = null, string? table = null, bool pending = false)
    {
        var fields = new Dictionary<string, string> { ["Form.Rule"] = rule, ["Form.Version"] = version };
        void Put(string name, string? value)
        {
            if (value is not null)
            {
                fields[name] = value;
            }
        }
        Put("Form.NationalAmount", national);
        Put("Form.Share", share);
        Put("Form.BaseAmount", baseAmount);
        Put("Form.Regions", regions);
        Put("Form.Region", region);
        Put("Form.Table", table);
        if (pending)
        {
            fields["Form.Pending"] = "true";
        }
        return fields;
    }

    [Fact]
    public async Task A_new_agreement_says_it_has_no_keys_instead_of_a_percentage_and_links_the_officer_to_set_one()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "nyckel-tom", "7701");

        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        var keys = await officer.GetPageAsync(KeysPage(id));

        Assert.Contains("data-testid=\"national-keys-empty\"", page);
        Assert.Contains("Inga nationella nycklar är angivna för överenskommelsen.", page);
        Assert.Contains($"href=\"{KeysPage(id)}\"", page);
        Assert.DoesNotContain("%", Regex.Match(page, "data-testid=\"national-keys\".*?</section>", RegexOptions.Singleline).Value);
        Assert.Contains("2.1 Nära vård", keys);
        Assert.Contains("Rad 2.1.b Primärvård i landsbygd (2024)", keys);
        Assert.Equal(2, Regex.Matches(keys, ">Ange nyckel<").Count);
    }

    [Fact]
    public async Task A_pasted_table_is_saved_and_the_regions_row_and_the_tables_sum_are_shown_with_their_differences()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, line) = await AgreementWithLineAsync(factory, "nyckel-tabell", "7702");
        var form = $"{KeysPage(id)}/rader/{line}";
        var version = VersionOn(await officer.GetStringAsync(form));

        var saved = await officer.PostFormAsync(form, form, Fields("Table", version, national: "300 000 000", region: "Jämtland Härjedalen",
            table: "Region\tBelopp (kr)\nRegion Stockholm\t70 000 000\nJämtland Härjedalen\t3 000 008\nÖvriga regioner\t226 999 982\n"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(KeysPage(id), saved.Headers.Location!.OriginalString);
        var keys = await officer.GetPageAsync(KeysPage(id));
        Assert.Contains("Den nationella nyckeln för Rad 2.1.b Primärvård i landsbygd (2024) är sparad. Den ger regionen 3\u00A0000\u00A0008\u00A0kr, men överenskommelsen anger 3\u00A0000\u00A0000\u00A0kr: 8\u00A0kr mindre i överenskommelsen. Tabellen summerar till 299\u00A0999\u00A0990\u00A0kr, 10\u00A0kr mindre än det nationella beloppet 300\u00A0000\u00A0000\u00A0kr.", keys);
        var row = Regex.Match(keys, "data-testid=\"national-line-2.1.b\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("table-warning", Regex.Match(keys, "<tr[^>]*data-testid=\"national-line-2.1.b\"").Value);
        Assert.Contains($"Tabell (3 regioner), raden för Jämtland Härjedalen", row);
        Assert.Contains($"Tabellen summerar till 299{Nbsp}999{Nbsp}990{Nbsp}kr, 10{Nbsp}kr mindre än det nationella beloppet.", row);
        Assert.Contains($"data-testid=\"national-difference\">−8{Nbsp}kr<", row);
        var agreement = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains($"data-testid=\"national-difference\">−8{Nbsp}kr<", agreement);
        Assert.DoesNotContain("national-keys-empty", agreement);
        // The form opens again with the table as it was kept: header gone, one region;amount a line.
        var again = WebUtility.HtmlDecode(await officer.GetStringAsync(form));
        Assert.Contains("Region Stockholm;70 000 000\nJämtland Härjedalen;3 000 008\nÖvriga regioner;226 999 982</textarea>", again);
    }

    [Fact]
    public async Task A_table_uploaded_as_a_Windows_1252_file_is_read_and_matches_the_line()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, line) = await AgreementWithLineAsync(factory, "nyckel-fil", "7703");
        var form = $"{KeysPage(id)}/rader/{line}";
        var version = VersionOn(await officer.GetStringAsync(form));
        var file = Encoding.Latin1.GetBytes("Län;Belopp\r\nJämtland Härjedalen;3 000 000\r\nVästra Götaland;7 000 000\r\n");

        var saved = await PostMultipartAsync(officer, form, form, Fields("Table", version, national: "10 000 000", region: "jämtland härjedalen"),
            ("Form.TableFile", "fördelning.csv", file, "text/csv"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var keys = await officer.GetPageAsync(KeysPage(id));
        Assert.Contains("Den ger regionen 3\u00A0000\u00A0000\u00A0kr, samma som i överenskommelsen. Tabellen summerar till det nationella beloppet, 10\u00A0000\u00A0000\u00A0kr.", keys);
        Assert.Matches("data-testid=\"national-line-2.1.b\".*?data-testid=\"national-difference\">stämmer<", keys.Replace("\n", " "));
    }

    [Fact]
    public async Task A_table_that_cannot_be_read_is_refused_with_its_line_numbers_and_the_other_mistakes_and_keeps_what_was_typed()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "nyckel-fel", "7704");
        var form = $"{KeysPage(id)}/omraden/{area}";
        var version = VersionOn(await officer.GetStringAsync(form));
        var typed = "Region;Belopp\nJämtland Härjedalen;4 000 000\nUppsala\nGotland;fyra";

        var response = await officer.PostFormAsync(form, form, Fields("Table", version, national: "tre hundra miljoner", region: "", table: typed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Det nationella beloppet ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.NationalAmount"));
        Assert.Equal("Rad 3 i tabellen: skriv region och belopp åtskilda av semikolon, till exempel ”Jämtland Härjedalen;1 249 692”. Rad 4 i tabellen: ”fyra” är inget belopp i kronor.",
            ErrorFor(html, "Form.Table"));
        Assert.Equal("Ange vilken rad i tabellen som är regionens, till exempel Jämtland Härjedalen.", ErrorFor(html, "Form.Region"));
        Assert.Contains(typed + "</textarea>", WebUtility.HtmlDecode(html));
        Assert.Equal("tre hundra miljoner", ValueOf(html, "Form.NationalAmount"));
        Assert.Matches("id=\"rule-Table\" value=\"Table\" checked=\"checked\"", html);
        Assert.Contains(">Ange nyckel<", await officer.GetPageAsync(KeysPage(id)));
        Assert.Equal(version, VersionOn(await officer.GetStringAsync(form)));
    }

    [Fact]
    public async Task A_base_plus_share_key_and_the_agreements_population_share_give_the_amount_to_the_krona()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "nyckel-grund", "7705");
        var keysHtml = await officer.GetStringAsync(KeysPage(id));

        var share = await officer.PostFormAsync(KeysPage(id), $"{KeysPage(id)}/befolkningsandel",
            new Dictionary<string, string> { ["ShareForm.Share"] = "1,259986 %", ["ShareForm.Version"] = VersionOn(keysHtml) });
        var form = $"{KeysPage(id)}/omraden/{area}";
        var key = await officer.PostFormAsync(form, form, Fields("BasePlusShare", VersionOn(await officer.GetStringAsync(form)),
            national: "70 000 000", baseAmount: "500 000", regions: "21"));

        Assert.Equal(HttpStatusCode.Redirect, share.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, key.StatusCode);
        var keys = await officer.GetPageAsync(KeysPage(id));
        Assert.Contains("Den ger regionen 1\u00A0249\u00A0692\u00A0kr, men överenskommelsen anger 4\u00A0000\u00A0000\u00A0kr", keys);
        Assert.Equal("1,259986", ValueOf(keys, "ShareForm.Share"));
        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("vid befolkningsandelen 1,259986\u00A0%", page);
        Assert.Contains($"500{Nbsp}000{Nbsp}kr per region (21 regioner), resten efter befolkningsandel", page);
    }

    [Fact]
    public async Task A_rule_without_its_figures_and_a_bad_population_share_are_refused_next_to_their_fields()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "nyckel-grundfel", "7706");
        var form = $"{KeysPage(id)}/omraden/{area}";

        var key = await officer.PostFormAsync(form, form, Fields("BasePlusShare", VersionOn(await officer.GetStringAsync(form)),
            national: "", share: "1,2345678901", baseAmount: "halv miljon", regions: "tjugoen"));
        var share = await officer.PostFormAsync(KeysPage(id), $"{KeysPage(id)}/befolkningsandel",
            new Dictionary<string, string> { ["ShareForm.Share"] = "120", ["ShareForm.Version"] = VersionOn(await officer.GetStringAsync(KeysPage(id))) });

        var html = await key.Content.ReadAsStringAsync();
        Assert.Equal("Ange det nationella beloppet.", ErrorFor(html, "Form.NationalAmount"));
        Assert.Equal("Ange befolkningsandelen med högst åtta decimaler, till exempel 1,259986.", ErrorFor(html, "Form.Share"));
        Assert.Equal("Grundbeloppet per region ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.BaseAmount"));
        Assert.Equal("”tjugoen” går inte att läsa som antal regioner. Skriv om värdet.", ErrorFor(html, "Form.Regions"));
        var shareHtml = await share.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, share.StatusCode);
        Assert.Equal("Befolkningsandelen anges som en andel mellan 0 och 100 %.", ErrorFor(shareHtml, "ShareForm.Share"));
        Assert.Equal("120", ValueOf(shareHtml, "ShareForm.Share"));
    }

    [Fact]
    public async Task A_pending_key_shows_att_fylla_i_and_typed_amounts_with_pending_ticked_are_refused()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "nyckel-vantar", "7707");
        var form = $"{KeysPage(id)}/omraden/{area}";

        var both = await officer.PostFormAsync(form, form, Fields("PopulationShare", VersionOn(await officer.GetStringAsync(form)), national: "400 000 000", pending: true));
        var pending = await officer.PostFormAsync(form, form, Fields("PopulationShare", VersionOn(await officer.GetStringAsync(form)), pending: true));

        Assert.Equal("Beloppen fylls i senare, så töm det nationella beloppet och tabellen – eller ta bort bocken och spara nyckeln med beloppen.",
            ErrorFor(await both.Content.ReadAsStringAsync(), "Form.Pending"));
        Assert.Equal(HttpStatusCode.Redirect, pending.StatusCode);
        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("data-testid=\"national-pending\">Beloppen är att fylla i.<", page);
        Assert.Contains("data-testid=\"national-difference\">att fylla i<", page);
        Assert.Contains("Regeln är kopierad; beloppen är att fylla i.", await officer.GetPageAsync(form));
    }

    [Fact]
    public async Task No_key_removes_the_key()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "nyckel-bort", "7708");
        var form = $"{KeysPage(id)}/omraden/{area}";
        await officer.PostFormAsync(form, form, Fields("PopulationShare", VersionOn(await officer.GetStringAsync(form)), national: "400 000 000"));

        var removed = await officer.PostFormAsync(form, form, Fields("None", VersionOn(await officer.GetStringAsync(form)), national: "400 000 000"));

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var keys = await officer.GetPageAsync(KeysPage(id));
        Assert.Contains("2.1 Nära vård har ingen nationell nyckel längre.", keys);
        Assert.Contains("national-keys-empty", await officer.GetPageAsync($"/overenskommelser/{id}"));
    }

    [Fact]
    public async Task An_auditor_reads_the_seeded_keys_without_edit_links_and_is_denied_every_change()
    {
        var auditor = await factory.SignedInAsync("revisor@demo.local");
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var list = await officer.GetPageAsync("/overenskommelser");
        var gnv = Regex.Match(list, @"/overenskommelser/(\d+)""[^>]*>God och nära vård 2023").Groups[1].Value;
        var area = Regex.Match(await officer.GetPageAsync(KeysPage(int.Parse(gnv))), @"nationella-nycklar/omraden/(\d+)").Groups[1].Value;
        var officerPage = await officer.GetPageAsync($"/overenskommelser/{gnv}");

        var page = await auditor.GetPageAsync($"/overenskommelser/{gnv}");
        var keys = await auditor.GetPageAsync(KeysPage(int.Parse(gnv)));
        var token = HttpClientFormExtensions.AntiforgeryToken(keys);
        var edit = await auditor.GetAsync($"{KeysPage(int.Parse(gnv))}/omraden/{area}");
        var post = await auditor.PostAsync($"{KeysPage(int.Parse(gnv))}/omraden/{area}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Rule"] = "None", ["Form.Version"] = "1", ["__RequestVerificationToken"] = token,
        }));
        var share = await auditor.PostAsync($"{KeysPage(int.Parse(gnv))}/befolkningsandel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ShareForm.Share"] = "2", ["ShareForm.Version"] = "1", ["__RequestVerificationToken"] = token,
        }));

        Assert.Contains("vid befolkningsandelen 1,259986\u00A0%", page);
        Assert.Contains($"data-testid=\"national-difference\">4{Nbsp}kr<", page);
        Assert.Contains(">Alla områden och rader<", page);
        Assert.DoesNotContain("nationella-nycklar/omraden/", page);
        Assert.Contains("nationella-nycklar/omraden/", officerPage);
        Assert.DoesNotContain("nationella-nycklar/omraden/", keys);
        Assert.DoesNotContain("population-share-form", keys);
        Assert.Contains("data-testid=\"population-share\">1,259986 %<", keys);
        Denied(edit);
        Denied(post);
        Denied(share);
        Assert.Contains($"data-testid=\"national-difference\">4{Nbsp}kr<", await officer.GetPageAsync($"/overenskommelser/{gnv}"));
    }

    [Fact]
    public async Task A_provider_sees_no_keys_and_may_not_open_the_keys_page()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "nyckel-utf", "7709");
        var provider = await factory.SignedInAsync("utforare@demo.local");

        var page = await provider.GetPageAsync($"/overenskommelser/{id}");
        var keys = await provider.GetAsync(KeysPage(id));

        Assert.DoesNotContain("Nationella nycklar", page);
        Denied(keys);
        Assert.Contains("Nationella nycklar", await officer.GetPageAsync($"/overenskommelser/{id}"));
    }
}
