using Digipoort.WusClient;

namespace Digipoort.LoadTest.Drivers;

/// <summary>Turns an answer of the AanleverService into a <see cref="SubmissionOutcome"/> (pure, so it is tested on its own).</summary>
public static class WusAnswers
{
    /// <summary>The gateway is at capacity (REST: 503): wait the Retry-After and send again.</summary>
    public const string AtCapacity = "ALS150";

    /// <summary>This sender is over its request rate (REST: 429): wait the Retry-After and send again.</summary>
    public const string OverRate = "ALS160";

    public static SubmissionOutcome Outcome(WusResponse response)
    {
        if (response.Fault is { } fault)
        {
            var code = fault.Foutcode.Length > 0 ? fault.Foutcode : $"SOAP {fault.FaultCode}";
            return code is AtCapacity or OverRate
                ? new SubmissionOutcome.Throttled(response.HttpStatus, code, response.RetryAfter ?? Answers.DefaultRetryAfter)
                : new SubmissionOutcome.Refused(response.HttpStatus, code, Answers.Shorten(fault.Foutbeschrijving));
        }
        // A real client refuses an answer whose signature does not verify: it cannot trust the kenmerk.
        if (response.SignatureError is { } error) return new SubmissionOutcome.Failed("ResponseSignature", Answers.Shorten(error));
        var kenmerk = response.Payload?.ChildNodes.OfType<System.Xml.XmlElement>().FirstOrDefault(e => e.LocalName == "kenmerk")?.InnerText;
        // aanleverResponse does not say whether the kenmerk is an earlier one (a repeat): WUS runs never count "already submitted".
        return string.IsNullOrWhiteSpace(kenmerk)
            ? new SubmissionOutcome.Failed("AnswerWithoutKenmerk", "An aanleverResponse without a kenmerk.")
            : new SubmissionOutcome.Accepted(kenmerk.Trim(), AlreadySubmitted: false);
    }
}
