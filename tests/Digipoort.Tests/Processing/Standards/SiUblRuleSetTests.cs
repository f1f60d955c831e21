using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// The published SI-UBL 2.0 rule set (with the CEN EN 16931 rules) runs as published over its own published test
/// files: each error case fails on the rule its name gives, each ok case passes, each warning case passes with its
/// warning. (Through a real node: <see cref="Pipeline.OfficialStandardsNodeTests"/>.)
/// </summary>
public sealed class SiUblRuleSetTests(SiUblEntry entry) : IClassFixture<SiUblEntry>
{
    public static TheoryData<string> TestFiles() => [.. SiUblExpectation.All().Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(TestFiles))]
    public void Published_test_file_gives_the_outcome_its_name_says(string fileName)
    {
        var expected = SiUblExpectation.FromFileName(fileName);
        var (schema, rules) = entry.Check(Path.Combine(OfficialStandards.SiUblTestFiles, fileName));
        var described = string.Join("\n", schema.Findings.Select(f => f.ToString()).Concat(rules.Select(r => r.ToString())));

        Assert.True(schema.IsValid, described);
        var errors = rules.Where(r => r.Severity == RuleSeverity.Error).ToList();
        var warnings = rules.Where(r => r.Severity == RuleSeverity.Warning).ToList();
        switch (expected.Outcome)
        {
            case "error":
                Assert.NotEmpty(errors);
                if (expected.ExpectedRule is not null)
                    Assert.True(errors.Any(e => expected.IsAboutExpectedRule(e.RuleId, e.Message)), described);
                break;
            case "warning":
                Assert.True(errors.Count == 0, described);
                Assert.NotEmpty(warnings);
                if (expected.ExpectedRule is not null)
                    Assert.True(warnings.Any(w => expected.IsAboutExpectedRule(w.RuleId, w.Message)), described);
                break;
            default:
                Assert.True(errors.Count == 0, described);
                break;
        }
        Assert.All(rules, r => Assert.True(r.Line > 0, r.ToString()));
    }

    [Fact]
    public void A_phase_of_the_published_CEN_rules_runs_only_its_patterns()
    {
        // EN16931-UBL-validation.sch declares codelist_phase (only the code list pattern); the UBL 2.1 example breaks
        // code list rules (BR-CL-*) and model rules (BR-01, …): with the phase only the former are reported.
        using var catalogue = new TempCatalogue();
        var folder = Path.Combine(catalogue.Root, "Cen");
        OfficialStandards.InstallUbl(folder);
        OfficialStandards.InstallSiUblRules(folder);
        catalogue.Write("Cen/manifest.json", TempCatalogue.Manifest("CEN", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd")
            .Replace("\"schemas\"", "\"rules\": [\"si-ubl-2.0/si-ubl-2.0/CenPC434/EN16931-UBL-validation.sch\"], "
                + "\"rulePhases\": { \"si-ubl-2.0/si-ubl-2.0/CenPC434/EN16931-UBL-validation.sch\": \"codelist_phase\" }, \"schemas\"",
                StringComparison.Ordinal));
        var type = Assert.Single(catalogue.Load().All);
        using var example = File.OpenRead(Path.Combine(OfficialStandards.UblExamples, "UBL-Invoice-2.1-Example.xml"));
        var document = BusinessRules.LoadDocument(example);

        var ids = type.Rules.SelectMany(r => r.Evaluate(document.CreateNavigator(), CancellationToken.None)).Select(v => v.RuleId).Distinct().ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("BR-CL-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_phase_for_a_file_the_manifest_does_not_list_refuses_the_entry()
    {
        using var catalogue = new TempCatalogue();
        catalogue.AddBerichtsoort("Test", "Test");
        catalogue.Write("Test/manifest.json", TempCatalogue.Manifest("Test", "schema.xsd")
            .Replace("\"schemas\"", "\"rulePhases\": { \"rules/elders.sch\": \"p\" }, \"schemas\"", StringComparison.Ordinal));

        var e = Assert.Throws<Actors.Processing.Catalogue.CatalogueException>(catalogue.Load);

        Assert.Contains("'rulePhases' names 'rules/elders.sch'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_published_test_file_is_covered()
    {
        Assert.Equal(95, SiUblExpectation.All().Count());
    }
}

/// <summary>The compiled XPath 2.0 rule set is shared by every message of the berichtsoort, on many threads at once.</summary>
public sealed class SiUblRuleSetConcurrencyTests(SiUblEntry entry) : IClassFixture<SiUblEntry>
{
    [Fact]
    public void Concurrent_evaluations_over_the_shared_rule_set_give_the_same_findings()
    {
        var files = new[] { "SI-UBL-2.0_ok_full.xml", "SI-UBL-2.0_BR-NL-10_error_customer_schemeid.xml", "SI-UBL-2.0_BR-NL-28_warning_countrysub_seller.xml" }
            .Select(f => Path.Combine(OfficialStandards.SiUblTestFiles, f)).ToArray();
        var expected = files.Select(f => entry.Check(f).Rules).ToArray();
        Assert.NotEmpty(expected[1]);

        const int threadCount = 4, rounds = 6;
        var mismatches = 0;
        using var start = new Barrier(threadCount);
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < rounds; i++)
            {
                var which = (i + t) % files.Length;
                if (!entry.Check(files[which]).Rules.SequenceEqual(expected[which]))
                    Interlocked.Increment(ref mismatches);
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, mismatches);
    }
}
