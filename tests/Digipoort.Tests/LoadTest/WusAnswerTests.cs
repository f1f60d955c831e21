using System.Xml;
using Digipoort.LoadTest.Drivers;
using Digipoort.WusClient;

namespace Digipoort.Tests.LoadTest;

/// <summary>How the WUS driver reads the AanleverService's answers (the run test drives the real thing).</summary>
public sealed class WusAnswerTests
{
    [Theory]
    [InlineData("ALS150")]
    [InlineData("ALS160")]
    public void A_capacity_or_rate_fault_is_throttled_with_its_retry_after_not_an_error(string foutcode)
    {
        var outcome = WusAnswers.Outcome(Fault(foutcode, TimeSpan.FromSeconds(3)));

        Assert.Equal(new SubmissionOutcome.Throttled(500, foutcode, TimeSpan.FromSeconds(3)), outcome);
    }

    [Fact]
    public void A_capacity_fault_without_retry_after_waits_the_default()
    {
        var outcome = Assert.IsType<SubmissionOutcome.Throttled>(WusAnswers.Outcome(Fault("ALS150", retryAfter: null)));

        Assert.Equal(TimeSpan.FromSeconds(1), outcome.RetryAfter);
    }

    [Theory]
    [InlineData("ALS100")]
    [InlineData("ALS110")]
    [InlineData("ALS400")]
    public void Any_other_fault_is_a_refusal_by_its_foutcode(string foutcode)
    {
        var outcome = WusAnswers.Outcome(Fault(foutcode, retryAfter: null));

        Assert.Equal(new SubmissionOutcome.Refused(500, foutcode, "waarom"), outcome);
    }

    [Fact]
    public void A_signed_aanlever_response_is_accepted_with_its_kenmerk()
    {
        var outcome = WusAnswers.Outcome(Response(signatureError: null));

        Assert.Equal(new SubmissionOutcome.Accepted("0193a7c4-0000-7000-8000-000000000001", AlreadySubmitted: false), outcome);
    }

    [Fact]
    public void A_response_whose_signature_does_not_verify_is_not_trusted()
    {
        var outcome = Assert.IsType<SubmissionOutcome.Failed>(WusAnswers.Outcome(Response(signatureError: "digest mismatch")));

        Assert.Equal("ResponseSignature", outcome.Kind);
    }

    private static WusResponse Fault(string foutcode, TimeSpan? retryAfter) =>
        new(500, "text/xml", new XmlDocument(), null, new WusFault(foutcode, "waarom", "soapenv:Client", "Algemene fout"), null, null, retryAfter);

    private static WusResponse Response(string? signatureError)
    {
        var doc = new XmlDocument();
        doc.LoadXml($"<aanleverResponse xmlns='{WusRequests.Kv.NamespaceName}'><kenmerk>0193a7c4-0000-7000-8000-000000000001</kenmerk>"
            + "<berichtsoort>Omzetbelasting</berichtsoort></aanleverResponse>");
        return new WusResponse(200, "text/xml", doc, doc.DocumentElement, null, null, signatureError, null);
    }
}
