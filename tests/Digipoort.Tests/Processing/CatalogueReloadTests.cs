using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing;

/// <summary>Loading entry by entry: a broken entry is refused and reported, the others (and its running version) stay.</summary>
public sealed class CatalogueReloadTests : IDisposable
{
    private const string BrokenSchema = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"Bericht\" type=\"nope\"/></xs:schema>";

    private readonly TempCatalogue _catalogue = new();

    [Fact]
    public void A_broken_entry_is_refused_at_load_while_the_others_load()
    {
        _catalogue.AddBerichtsoort("A", "Goed");
        var broken = _catalogue.AddBerichtsoort("B", "Stuk", BrokenSchema);

        var provider = new CatalogueProvider(_catalogue.Root, _ => true);

        Assert.Equal(["Goed"], provider.Current.All.Select(t => t.Berichtsoort));
        var problem = Assert.Single(provider.Problems);
        Assert.Equal(broken, problem.Folder);
        Assert.Contains("schema.xsd", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_adds_and_changes_entries_and_a_broken_change_keeps_the_running_version()
    {
        _catalogue.AddBerichtsoort("A", "Eerste");
        var provider = new CatalogueProvider(_catalogue.Root, _ => true);
        provider.Current.TryGet("Eerste", out var running);

        _catalogue.AddBerichtsoort("C", "Nieuw");
        _catalogue.Write("A/schema.xsd", BrokenSchema);
        var problems = provider.Reload();

        Assert.Equal(["Eerste", "Nieuw"], provider.Current.All.Select(t => t.Berichtsoort));
        Assert.True(provider.Current.TryGet("Eerste", out var kept));
        Assert.Same(running, kept);
        Assert.Equal(Path.Combine(_catalogue.Root, "A"), Assert.Single(problems).Folder);

        _catalogue.Write("A/schema.xsd", TempCatalogue.MinimalSchema);
        Assert.Empty(provider.Reload());
        Assert.True(provider.Current.TryGet("Eerste", out var fixedType));
        Assert.NotSame(running, fixedType);
    }

    [Fact]
    public void An_entry_naming_an_unconfigured_recipient_is_refused()
    {
        _catalogue.AddBerichtsoort("A", "Test");

        var provider = new CatalogueProvider(_catalogue.Root, recipient => recipient != "ontvanger");

        Assert.Empty(provider.Current.All);
        Assert.Contains("not configured: ontvanger", Assert.Single(provider.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_whose_item_berichtsoort_is_missing_is_refused()
    {
        _catalogue.Write("Batch/schema.xsd", TempCatalogue.MinimalSchema);
        _catalogue.Write("Batch/manifest.json", """
            { "berichtsoort": "Batch", "description": "d", "version": "1", "schemas": ["schema.xsd"],
              "split": { "items": "/Bericht/Item", "itemBerichtsoort": "Ontbreekt" } }
            """);

        var provider = new CatalogueProvider(_catalogue.Root, _ => true);

        Assert.Empty(provider.Current.All);
        Assert.Contains("'Ontbreekt' is not in the catalogue", Assert.Single(provider.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "select": "/x", "matchRecipientOin": true, "values": { "a": "r" } }""", "exactly one of 'values' and 'matchRecipientOin'")]
    [InlineData("""{ "select": "/x:y", "matchRecipientOin": true }""", "routes[0].select")]
    public void A_route_that_cannot_work_is_refused(string route, string problem)
    {
        _catalogue.Write("A/schema.xsd", TempCatalogue.MinimalSchema);
        _catalogue.Write("A/manifest.json", $$"""
            { "berichtsoort": "A", "description": "d", "version": "1", "schemas": ["schema.xsd"], "routes": [ {{route}} ] }
            """);

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _catalogue.Dispose();
}
