using Digipoort.Actors.Processing.Validation;
using Digipoort.LoadTest.Catalogue;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Reporting;
using Digipoort.Tests.Processing;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.LoadTest;

public sealed class GenerationTests
{
    [Theory]
    [InlineData("omzetbelasting-valid.xml", 64 * 1024, true)]
    [InlineData("omzetbelasting-valid.xml", 3 * 1024 * 1024, true)]
    [InlineData("omzetbelasting-invalid.xml", 64 * 1024, false)]
    public void Padding_makes_a_sample_as_large_as_asked_and_exactly_as_valid_as_it_was(string sample, int size, bool valid)
    {
        var original = DemoCatalogue.Sample(sample);
        var padded = DocumentPadding.Pad(original, size);

        Assert.Equal(size, padded.Length);
        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, new MemoryStream(padded));
        Assert.Equal(valid, report.IsValid);
        // The same findings at the same places: the padding comes after everything the schema looks at.
        var before = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, new MemoryStream(original));
        Assert.Equal(before.Findings.Select(f => (f.Code, f.Line, f.Position)), report.Findings.Select(f => (f.Code, f.Line, f.Position)));
    }

    [Fact]
    public void A_size_below_the_sample_leaves_it_as_it_is()
    {
        var sample = DemoCatalogue.Sample("omzetbelasting-valid.xml");

        Assert.Same(sample, DocumentPadding.Pad(sample, 100));
    }

    [Fact]
    public void The_catalogue_is_discovered_from_its_folders_with_valid_and_invalid_samples_and_recipients()
    {
        using var folder = new TempDirectory();
        Entry(folder.Path, "Alpha", """{"berichtsoort":"Alpha","recipients":["r1"],"deliveries":{"r2":{}}}""", "a-valid.xml", "a-invalid-total.xml");
        Entry(folder.Path, "Beta", """{"berichtsoort":"Beta","routes":[{"select":"x","values":{"1":"r3"}}]}""", "b-valid.xml");
        Entry(folder.Path, "NoValid", """{"berichtsoort":"NoValid","recipients":["r9"]}""", "c-invalid.xml");

        var catalogue = SampleCatalogue.Discover(folder.Path, []);

        Assert.Equal(["Alpha", "Beta"], catalogue.Types.Select(t => t.Berichtsoort));
        Assert.Equal((1, 1), (catalogue.Types[0].Valid.Count, catalogue.Types[0].Invalid.Count));
        Assert.False(catalogue.Types[0].Invalid[0].ExpectValid);
        Assert.Equal(["r1", "r2", "r3"], catalogue.RecipientIds);
        Assert.Equal(["Beta"], SampleCatalogue.Discover(folder.Path, ["Beta"]).Types.Select(t => t.Berichtsoort));
    }

    [Fact]
    public void The_invalid_share_is_honoured_and_the_choice_repeats_with_the_same_seed()
    {
        var catalogue = SampleCatalogue.Discover(DemoCatalogue.Root, []);
        var generator = new MessageGenerator(catalogue, [0], invalidShare: 0.2, seed: 7, runId: "r");
        var again = new MessageGenerator(catalogue, [0], invalidShare: 0.2, seed: 7, runId: "r");

        var messages = Enumerable.Range(0, 10_000).Select(i => generator.Create(i)).ToList();

        var invalid = messages.Count(m => !m.Variant.ExpectValid) / (double)messages.Count;
        Assert.InRange(invalid, 0.18, 0.22);
        Assert.Equal(messages.Take(100).Select(m => m.Variant.SampleName), Enumerable.Range(0, 100).Select(i => again.Create(i).Variant.SampleName));
        Assert.All(messages.Take(100), m => Assert.True(m.Aanleverkenmerk.Length <= MessageGenerator.AanleverkenmerkMaxLength));
        Assert.Equal(messages.Count, messages.Select(m => m.Aanleverkenmerk).Distinct().Count());
    }

    [Fact]
    public void A_sparkline_scales_to_the_highest_value_and_buckets_long_series()
    {
        Assert.Equal("▁▅█", Sparkline.Render([0, 5, 10]));
        Assert.Equal(10, Sparkline.Render([.. Enumerable.Range(0, 100).Select(i => (long)i)], width: 10).Length);
        Assert.Equal("", Sparkline.Render([]));
    }

    private static void Entry(string root, string name, string manifest, params string[] samples)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name, "samples")).Parent!.FullName;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest);
        foreach (var sample in samples) File.WriteAllText(Path.Combine(folder, "samples", sample), "<a/>");
    }
}
