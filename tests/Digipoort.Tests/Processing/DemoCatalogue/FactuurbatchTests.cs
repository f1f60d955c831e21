using System.Xml.XPath;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;

namespace Digipoort.Tests.Processing.Demo;

public sealed class FactuurbatchTests
{
    private static DemoEntry Batch => DemoEntry.Factuurbatch;

    [Fact]
    public void The_valid_batch_passes_schema_and_batch_rules()
    {
        var (schema, rules) = Batch.Check("factuurbatch-valid.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Empty(rules);
    }

    [Fact]
    public void The_batch_with_a_wrong_header_breaks_the_count_and_total_rules_at_the_header()
    {
        var (schema, rules) = Batch.Check("factuurbatch-invalid-count.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Equal([("FB-COUNT", 3), ("FB-TOTAL", 3)], rules.Select(v => (v.RuleId, v.Line)));
        Assert.Equal("The batch declares 5 invoices but holds 4.", rules[0].Message);
    }

    [Fact]
    public void The_split_selects_every_invoice_and_the_sort_key_orders_them_by_issue_date()
    {
        var split = Batch.Manifest.Split!;
        var namespaces = CatalogueXPath.Namespaces(Batch.Manifest.Namespaces);
        var items = CatalogueXPath.Compile(split.Items, namespaces, Batch.Folder, "split.items");
        var sortKey = CatalogueXPath.Compile($"string({split.SortKey})", namespaces, Batch.Folder, "split.sortKey");
        var id = CatalogueXPath.Compile("string(cbc:ID)", namespaces, Batch.Folder, "test");
        var document = BusinessRules.LoadDocument(File.OpenRead(Batch.SamplePath("factuurbatch-valid.xml"))).CreateNavigator();

        var invoices = document.Select(items).Cast<XPathNavigator>()
            .Select(n => (Id: (string)n.Evaluate(id), Key: (string)n.Evaluate(sortKey))).ToList();

        Assert.Equal("Factuur", split.ItemBerichtsoort);
        Assert.Equal(["DV-2026-0501", "DV-2026-0502", "DV-2026-0503", "DV-2026-0504"], invoices.Select(i => i.Id));
        Assert.Equal(["DV-2026-0504", "DV-2026-0502", "DV-2026-0503", "DV-2026-0501"],
            invoices.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Id));
    }

    [Fact]
    public void The_batch_carries_an_identical_copy_of_the_Factuur_schemas()
    {
        var original = Path.Combine(DemoEntry.Factuur.Folder, "schemas");
        var copy = Path.Combine(Batch.Folder, "schemas", "ubl");
        var files = Directory.GetFiles(original, "*.xsd", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(original, f)).Order().ToList();

        Assert.Equal(files, Directory.GetFiles(copy, "*.xsd", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(copy, f)).Order());
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(original, f)), File.ReadAllBytes(Path.Combine(copy, f))));
    }

    [Fact]
    public void A_generated_batch_passes_the_schema_and_the_batch_rules()
    {
        using var batch = new MemoryStream();
        FactuurbatchGenerator.Write(batch, 300);

        var (schema, rules) = Batch.Check(batch.ToArray());

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings.Take(5)));
        Assert.Empty(rules);
    }

    [Fact]
    public void Generated_invoices_pass_the_Factuur_schema_and_rules()
    {
        for (var index = 0; index < 60; index++)
        {
            using var invoice = new MemoryStream();
            FactuurbatchGenerator.WriteInvoice(invoice, index);

            var (schema, rules) = DemoEntry.Factuur.Check(invoice.ToArray());

            Assert.True(schema.IsValid, $"{index}: {string.Join("\n", schema.Findings)}");
            Assert.True(rules.Count == 0, $"{index}: {string.Join("\n", rules)}");
        }
    }

    [Fact]
    public void The_generator_sizes_a_batch_from_a_byte_count()
    {
        var items = FactuurbatchGenerator.ItemsFor(2_000_000);
        using var batch = new MemoryStream();

        FactuurbatchGenerator.Write(batch, items);

        Assert.InRange(batch.Length, 1_800_000, 2_200_000);
    }
}
