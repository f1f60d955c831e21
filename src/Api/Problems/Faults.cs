using Akka.Actor;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Storage;

namespace Digipoort.Api.Problems;

/// <summary>The failures the edge expects, and the refusal each is reported as (on every protocol alike).</summary>
public static class Faults
{
    /// <summary>
    /// The refusal for an expected failure; null for anything else, which is a bug: logged, and answered as
    /// <see cref="Fault.Unexpected"/> without any of its text.
    /// </summary>
    /// <param name="maxRequestBytes">The request limit, named when the server refused a body over it.</param>
    public static Fault? Expected(Exception exception, GatewayService service, long? maxRequestBytes = null) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Fault.ContentTooLarge(maxRequestBytes ?? 0),
        BlobTooLargeException tooLarge => Fault.ContentTooLarge(tooLarge.MaxBytes),
        BadHttpRequestException bad => Fault.InvalidRequest(bad.Message, service),
        // Includes a submission the message did not confirm in time (SubmissionNotConfirmedException): retrying is safe.
        GatewayOverloadedException overloaded => Fault.Overloaded(overloaded.RetryAfter),
        TimeoutException or AskTimeoutException => Fault.NotAnsweredInTime(service),
        _ => null,
    };
}
