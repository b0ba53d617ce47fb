using System.Text;
using CsCheck;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>
/// Export writes exactly what import reads: exported, imported again (in the agreement's place, or into another database) and exported
/// again, a definition gives the same bytes. On both seeds, the example and generated agreements of many shapes.
/// </summary>
public sealed class DefinitionRoundTripTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static async Task<byte[]> ExportAsync(TestDatabase db, string code)
    {
        var file = await db.SendAsync(new ExportAgreementDefinitionQuery(Code: code));
        Assert.NotNull(file);
        Assert.Equal($"{code}.json", file.FileName);
        return file.Content;
    }

    private static async Task ImportAsync(TestDatabase db, byte[] content, bool replace)
    {
        var result = await db.SendAsync(new ImportAgreementDefinitionCommand(content, replace));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual) =>
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));

    [Theory]
    [InlineData("gnv2023")]
    [InlineData("patientmiljarden")]
    public async Task A_seed_exported_imported_in_its_place_and_exported_again_gives_the_same_bytes(string code)
    {
        var first = await ExportAsync(_db, code);

        await ImportAsync(_db, first, replace: true);
        var second = await ExportAsync(_db, code);

        AssertSameBytes(first, second);
    }

    [Theory]
    [InlineData("gnv2023")]
    [InlineData("patientmiljarden")]
    public async Task A_seed_exported_and_imported_into_an_empty_database_exports_the_same_bytes_there(string code)
    {
        var first = await ExportAsync(_db, code);
        await using var empty = await TestDatabase.CreateAsync(seedAgreements: false);

        await ImportAsync(empty, first, replace: false);
        var second = await ExportAsync(empty, code);

        AssertSameBytes(first, second);
    }

    [Fact]
    public async Task The_seed_export_keeps_what_the_seed_file_says()
    {
        var text = Encoding.UTF8.GetString(await ExportAsync(_db, "gnv2023"));

        Assert.Contains("\"regionAllocation\": 75422690,", text);
        Assert.Contains("\"populationSharePercent\": 1.259986,", text);
        Assert.Contains("\"dueDate\": \"2024-03-31\",", text);
        Assert.Contains("\"rule\": \"basePlusShare\",", text);
        Assert.Contains("\"lineCode\": \"2.2.a\",", text);
        Assert.Contains("\"budgets\": [\n        {\n          \"year\": 2023,\n          \"amount\": 24000000\n        }\n      ]", text);
        Assert.Contains("God och nära vård – nära vård", text);
        Assert.DoesNotContain("\\u", text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public async Task The_example_imported_exported_replaced_and_exported_again_gives_the_same_bytes()
    {
        await ImportAsync(_db, DefinitionFiles.Example(), replace: false);
        var first = await ExportAsync(_db, "naravard2024");

        await ImportAsync(_db, first, replace: true);

        AssertSameBytes(first, await ExportAsync(_db, "naravard2024"));
    }

    private static int _sample;

    [Fact]
    public async Task Generated_agreements_of_every_shape_round_trip_byte_for_byte()
    {
        await Shapes.Definition.SampleAsync(async shape =>
        {
            var code = $"gen{Interlocked.Increment(ref _sample)}";
            var definition = Shapes.Build(code, shape);
            await ImportAsync(_db, DefinitionWriter.Write(definition), replace: false);
            var first = await ExportAsync(_db, code);

            await ImportAsync(_db, first, replace: true);
            var second = await ExportAsync(_db, code);

            AssertSameBytes(first, second);
        }, iter: 25, threads: 1);
    }

    /// <summary>
    /// Valid definitions of every shape the format has: 1–3 areas, with lines or with sub-areas, 1–3 lines of one to three years on one
    /// to three objects, amounts to the öre, names, earmarks, ring-fencing, every kind of national key (pending too), activities with
    /// project codes and budgets, conditions, obligations and requirements. Each sample is a function of its code, so the cost objects
    /// are the sample's own and never overlap another sample's.
    /// </summary>
    private static class Shapes
    {
        public sealed record LineShape(int YearOffset, long Ore, int Object, bool RingFenced, bool Named, bool Earmark, int Key, int Activities);

        public sealed record AreaShape(bool HasAmount, IReadOnlyList<IReadOnlyList<LineShape>> SubAreas, IReadOnlyList<LineShape> Lines);

        private static readonly Gen<LineShape> Line =
            from year in Gen.Int[0, 2]
            from ore in Gen.Long[0, 5_000_000_000]
            from obj in Gen.Int[0, 2]
            from ringFenced in Gen.Bool
            from named in Gen.Bool
            from earmark in Gen.Bool
            from key in Gen.Int[0, 4]
            from activities in Gen.Int[0, 2]
            select new LineShape(year, ore, obj, ringFenced, named, earmark, key, activities);

        private static readonly Gen<AreaShape> Area =
            from hasAmount in Gen.Bool
            from subAreas in Line.List[1, 2].List[0, 2]
            from lines in Line.List[1, 3]
            select new AreaShape(hasAmount, subAreas.Select(s => (IReadOnlyList<LineShape>)s).ToList(), lines);

        public sealed record Sample(int Years, IReadOnlyList<AreaShape> Areas, long ExtraOre, int Conditions, int Obligations, int Requirements);

        public static readonly Gen<Sample> Definition =
            from years in Gen.Int[1, 3]
            from areas in Area.List[1, 3]
            from extra in Gen.Long[0, 100_000]
            from conditions in Gen.Int[0, 2]
            from obligations in Gen.Int[0, 3]
            from requirements in Gen.Int[0, 2]
            select new Sample(years, areas, extra, conditions, obligations, requirements);

        public static AgreementDefinition Build(string code, Sample sample)
        {
            var (years, shapes, extraOre, conditions, obligations, requirements) = (sample.Years, sample.Areas, sample.ExtraOre, sample.Conditions, sample.Obligations, sample.Requirements);
            const int first = 2040;
            var activities = new List<ActivityDefinition>();
            var objects = new SortedSet<string>(StringComparer.Ordinal);
            var lineNumber = 0;

            LineDefinition Line(LineShape s, string areaCode)
            {
                var lineCode = $"{areaCode}-{++lineNumber}";
                var year = first + s.YearOffset % years;
                var amount = s.Ore / 100m;
                var costObject = $"{code}o{s.Object}";
                objects.Add(costObject);
                for (var i = 0; i < s.Activities; i++)
                {
                    var number = activities.Count + 1;
                    activities.Add(new ActivityDefinition(number, costObject, areaCode, lineCode, $"{code}-p{number}", i == 0 ? "Mål" : null, $"Insats {number}",
                        null, null, [new BudgetDefinition(year, Math.Floor(s.Ore / 4m) / 100m)], i == 0 ? "Ansvarig" : null, null, null, null));
                }
                return new LineDefinition(lineCode, year, amount, costObject, s.RingFenced,
                    s.Earmark ? [new EarmarkDefinition("Landsbygd", Math.Floor(s.Ore / 3m) / 100m)] : [],
                    s.Named ? $"Del {lineNumber}" : null, s.Named ? "Beskrivning" : null, Key(s.Key, amount));
            }

            var areas = new List<AreaDefinition>();
            for (var a = 0; a < shapes.Count; a++)
            {
                var shape = shapes[a];
                var areaCode = $"{a + 1}";
                if (shape.SubAreas.Count > 0)
                {
                    var subAreas = shape.SubAreas.Select((lines, i) =>
                    {
                        var subCode = $"{areaCode}.{i + 1}";
                        var built = lines.Select(l => Line(l, subCode)).ToList();
                        return new AreaDefinition(subCode, $"Delområde {subCode}", shape.HasAmount ? built.Sum(l => l.Amount) : null, [], built, null);
                    }).ToList();
                    var total = subAreas.Sum(s => s.Lines.Sum(l => l.Amount));
                    areas.Add(new AreaDefinition(areaCode, $"Område {areaCode}", shape.HasAmount ? total : null, subAreas, [], Key(a, total)));
                }
                else
                {
                    var lines = shape.Lines.Select(l => Line(l, areaCode)).ToList();
                    areas.Add(new AreaDefinition(areaCode, $"Område {areaCode}", shape.HasAmount ? lines.Sum(l => l.Amount) : null, [], lines, null));
                }
            }
            var allocation = areas.Sum(a => a.Lines.Sum(l => l.Amount) + a.SubAreas.Sum(s => s.Lines.Sum(l => l.Amount))) + extraOre / 100m;
            var last = first + years - 1;
            return new AgreementDefinition(code, $"Genererad {code}", "Staten och SKR", null, null, new DateOnly(first, 1, 1), new DateOnly(last, 12, 31),
                null, allocation, null, null, null, null, null, (code.Length % 2 == 0) ? "Utkast" : "Aktiv", 1.259986m, areas,
                objects.Select(o => new CostObjectDefinition(o, $"Objekt {o}", $"{first}-01", $"{last}-12")).ToList(),
                Enumerable.Range(1, conditions).Select(i => new ConditionDefinition($"3.{i}", $"Villkor {i}", i == 1 ? "3" : null)).ToList(),
                Enumerable.Range(1, obligations).Select(i => new ObligationDefinition(
                    ((Domain.Agreements.ObligationKind)(i % 7)).ToString(), $"Rapport {i}", "Socialstyrelsen", new DateOnly(last + 1, 3, 31).AddDays(-i), i % 2 == 0,
                    i == 2 ? "Antaget" : null, null, i == 3 ? "Ekonomienheten" : null)).ToList(),
                activities,
                Enumerable.Range(1, requirements).Select(i => new RequirementDefinition($"krav-{i}", "2.1", i == 1 ? "narrative" : "indicator", $"Krav {i}", null,
                    i == 1 ? null : "%", null, i == 1 ? null : 55.5m, i == 1 ? null : "atLeast", null, null, i == 2, i == 2 ? first : null, i == 2 ? last : null)).ToList());
        }

        /// <summary>0 none, 1 population share, 2 base plus share, 3 a table whose region's row is the amount, 4 a pending table.</summary>
        private static NationalKeyDefinition? Key(int kind, decimal amount) => kind switch
        {
            1 => new NationalKeyDefinition(1_000_000_000m, "populationShare", null, null, 1.259986m, null, null, null),
            2 => new NationalKeyDefinition(70_000_000m, "basePlusShare", 500_000m, 21, null, null, null, null),
            3 => new NationalKeyDefinition(amount + 1_000_000.5m, "table", null, null, null, "Jämtland Härjedalen",
                [new RegionAmountDefinition("Stockholm", 1_000_000.5m), new RegionAmountDefinition("Jämtland Härjedalen", amount)], null),
            4 => new NationalKeyDefinition(0, "table", null, null, null, "Jämtland Härjedalen", null, null),
            _ => null,
        };
    }
}
