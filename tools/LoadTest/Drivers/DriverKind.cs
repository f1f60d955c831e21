using Digipoort.LoadTest.Machine;

namespace Digipoort.LoadTest.Drivers;

/// <summary>The protocols the tool can drive.</summary>
public enum DriverKind
{
    /// <summary>POST /api/v1/messages, JSON with base64 content.</summary>
    Rest,

    /// <summary>POST /api/v1/messages, multipart/form-data (the document streamed).</summary>
    RestMultipart,

    /// <summary>POST /api/v1/messages/bulk, NDJSON.</summary>
    RestBulk,

    /// <summary>
    /// The WUS (SOAP) aanleverservice. The seam for it: a driver implementing <see cref="ISubmissionDriver"/>
    /// on top of tools/Digipoort.WusClient (which builds and signs requests exactly as a real WUS client
    /// does), mapping its SOAP faults to <see cref="SubmissionOutcome.Refused"/> with the fault code and
    /// capacity faults to <see cref="SubmissionOutcome.Throttled"/>. That client library does not exist on
    /// this branch yet, so <see cref="DriverFactory.Create"/> refuses this kind with a clear message
    /// rather than measuring a stand-in.
    /// </summary>
    Wus,
}

public static class DriverFactory
{
    public static ISubmissionDriver Create(DriverKind kind, SubmissionEnvelope envelope, int batchSize) => kind switch
    {
        DriverKind.Rest => new RestSingleDriver(envelope, multipart: false),
        DriverKind.RestMultipart => new RestSingleDriver(envelope, multipart: true),
        DriverKind.RestBulk => new RestBulkDriver(envelope, batchSize),
        DriverKind.Wus => throw new LoadTestException(
            "The WUS driver needs tools/Digipoort.WusClient, which is not part of this build yet; use --driver rest or rest-bulk."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
