using Digipoort.Actors.Domain;

namespace Digipoort.Api.Ingress;

/// <summary>
/// The envelope fields of a submission as a protocol adapter received them, before checking.
/// Strings are as received; <see cref="EnvelopeRules"/> normalises and checks them.
/// </summary>
public sealed record EnvelopeFields(
    string? Berichtsoort,
    string? Aanleverkenmerk,
    string? EerderAanleverkenmerk,
    string? BelanghebbendeNummer,
    string? BelanghebbendeType,
    string? RolBelanghebbende,
    string? OntvangerNummer,
    string? OntvangerType,
    string? RolOntvanger,
    string? AutorisatieAdres);

/// <summary>A submission as a protocol adapter read it from the wire: envelope fields and staged documents.</summary>
public sealed record SubmissionParts(EnvelopeFields Fields, ReceivedDocument? Main, IReadOnlyList<ReceivedDocument> Attachments);

/// <summary>The metadata of one received document (its bytes are staged separately).</summary>
public sealed record DocumentFields(string? MimeType, string? Bestandsnaam);

/// <summary>Checked, normalised envelope values (everything but the documents).</summary>
public sealed record CheckedEnvelope(
    string Berichtsoort,
    string? Aanleverkenmerk,
    string? EerderAanleverkenmerk,
    Identiteit IdentiteitBelanghebbende,
    string RolBelanghebbende,
    Identiteit? IdentiteitOntvanger,
    string? RolOntvanger,
    string? AutorisatieAdres);
