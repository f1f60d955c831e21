using System.Diagnostics;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing;

/// <summary>XXE, billion laughs and depth bombs against both checkers.</summary>
public sealed class HostileXmlTests
{
    // Refusing a DTD takes microseconds; expanding billion laughs takes seconds of CPU and gigabytes.
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(1);

    public static TheoryData<string> DtdPayloads => [HostileXml.ExternalEntity, HostileXml.BillionLaughs()];

    [Theory]
    [MemberData(nameof(DtdPayloads))]
    public void Well_formedness_check_refuses_a_DTD_quickly(string payload)
    {
        using var stream = DemoCatalogue.Utf8(payload);
        var stopwatch = Stopwatch.StartNew();

        var finding = WellFormednessCheck.Check(stream);

        Assert.True(stopwatch.Elapsed < Quickly, $"took {stopwatch.Elapsed}");
        Assert.NotNull(finding);
        Assert.Equal(FindingCodes.Dtd, finding.Code);
    }

    [Theory]
    [MemberData(nameof(DtdPayloads))]
    public void Schema_validator_refuses_a_DTD_quickly(string payload)
    {
        using var stream = DemoCatalogue.Utf8(payload);
        var stopwatch = Stopwatch.StartNew();

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.True(stopwatch.Elapsed < Quickly, $"took {stopwatch.Elapsed}");
        Assert.False(report.IsValid);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.Dtd, finding.Code);
    }

    [Fact]
    public void DTD_in_front_of_a_valid_document_is_still_refused()
    {
        var xml = "<!DOCTYPE Aangifte>\n" + DemoCatalogue.Aangifte();
        using var stream = DemoCatalogue.Utf8(xml);

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.False(report.IsValid);
        Assert.Equal(FindingCodes.Dtd, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void Well_formedness_check_refuses_a_depth_bomb()
    {
        using var stream = DemoCatalogue.Utf8(HostileXml.Nested(10_000));

        var finding = WellFormednessCheck.Check(stream);

        Assert.Equal(FindingCodes.TooDeep, finding?.Code);
    }

    [Fact]
    public void Schema_validator_refuses_a_depth_bomb()
    {
        // The bomb sits inside a declared root, so the validator has to read into it.
        var xml = HostileXml.Nested(10_000, "Naam",
            $"<Aangifte xmlns=\"{DemoCatalogue.Namespace}\"><Belastingplichtige>",
            "</Belastingplichtige></Aangifte>");
        using var stream = DemoCatalogue.Utf8(xml);

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.False(report.IsValid);
        Assert.Equal(FindingCodes.TooDeep, report.Findings[^1].Code);
    }
}
