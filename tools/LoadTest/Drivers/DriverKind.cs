using System.Security.Cryptography.X509Certificates;
using Digipoort.LoadTest.Machine;
using Digipoort.WusClient;

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
    /// The WUS (SOAP) AanleverService through tools/Digipoort.WusClient (<see cref="WusDriver"/>): signed like a
    /// real client with the TLS client certificate, so it needs an https target.
    /// </summary>
    Wus,
}

public static class DriverFactory
{
    /// <param name="certificate">The client certificate of the TLS connections (WUS signs with it too); null over plain HTTP.</param>
    public static ISubmissionDriver Create(DriverKind kind, SubmissionEnvelope envelope, int batchSize, X509Certificate2? certificate) => kind switch
    {
        DriverKind.Rest => new RestSingleDriver(envelope, multipart: false),
        DriverKind.RestMultipart => new RestSingleDriver(envelope, multipart: true),
        DriverKind.RestBulk => new RestBulkDriver(envelope, batchSize),
        DriverKind.Wus => new WusDriver(envelope, new WusSigner(certificate ?? throw new LoadTestException(
            "The WUS driver signs with the TLS client certificate: give an https --target (or --tls with --start-node)."))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
