using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing;

public sealed class WellFormednessCheckTests
{
    [Fact]
    public void Well_formed_document_gives_no_finding()
    {
        using var stream = DemoCatalogue.ValidSample();
        Assert.Null(WellFormednessCheck.Check(stream));
    }

    [Fact]
    public void Schema_errors_are_not_its_business()
    {
        using var stream = DemoCatalogue.InvalidSample();
        Assert.Null(WellFormednessCheck.Check(stream));
    }

    [Fact]
    public void Malformed_document_gives_a_malformed_finding_at_its_position()
    {
        using var stream = DemoCatalogue.Utf8("<a>\n  <b>\n  </c>\n</a>");

        var finding = WellFormednessCheck.Check(stream);

        Assert.NotNull(finding);
        Assert.Equal(FindingCodes.Malformed, finding.Code);
        Assert.Equal(3, finding.Line);
        Assert.True(finding.Position > 0);
        Assert.False(string.IsNullOrWhiteSpace(finding.Description));
        Assert.DoesNotContain("Line 3", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_document_is_malformed()
    {
        using var stream = new MemoryStream();
        Assert.Equal(FindingCodes.Malformed, WellFormednessCheck.Check(stream)?.Code);
    }

    [Fact]
    public void Undeclared_entity_reference_is_malformed()
    {
        using var stream = DemoCatalogue.Utf8("<a>&nope;</a>");
        Assert.Equal(FindingCodes.Malformed, WellFormednessCheck.Check(stream)?.Code);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        using var stream = DemoCatalogue.Utf8(HostileXml.Nested(10));
        Assert.Null(WellFormednessCheck.Check(stream, maxDepth: 10));
    }

    [Fact]
    public void Nesting_one_beyond_the_limit_is_too_deep()
    {
        using var stream = DemoCatalogue.Utf8(HostileXml.Nested(11));

        var finding = WellFormednessCheck.Check(stream, maxDepth: 10);

        Assert.NotNull(finding);
        Assert.Equal(FindingCodes.TooDeep, finding.Code);
        Assert.Equal(1, finding.Line);
        Assert.Equal(1 + (10 * "<a>".Length) + 1, finding.Position); // the 11th <a>, after its '<'
    }

    [Fact]
    public void Stream_is_left_open()
    {
        using var stream = DemoCatalogue.ValidSample();
        WellFormednessCheck.Check(stream);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var stream = DemoCatalogue.Utf8($"<r>{string.Concat(Enumerable.Repeat("<x/>", 5000))}</r>");
        Assert.Throws<OperationCanceledException>(() => WellFormednessCheck.Check(stream, ct: new CancellationToken(true)));
    }
}
