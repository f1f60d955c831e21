namespace Digipoort.Bench;

// The few shapes of the node's REST wire contract (src/Api/Rest/Contracts.cs) that the bench needs,
// copied rather than referenced: the bench is a sender like any other and must only depend on the JSON.

/// <summary>The body of POST /api/v1/messages (an aanleverRequest with base64 content).</summary>
internal sealed record SubmitMessageRequest(
    string Berichtsoort,
    string Aanleverkenmerk,
    IdentiteitDto IdentiteitBelanghebbende,
    string RolBelanghebbende,
    BerichtInhoudDto BerichtInhoud,
    string AutorisatieAdres);

internal sealed record IdentiteitDto(string Nummer, string Type);

internal sealed record BerichtInhoudDto(string MimeType, string Bestandsnaam, string Inhoud);

/// <summary>The part of the 202 answer the bench uses: the gateway's kenmerk, which deliveries carry.</summary>
internal sealed record SubmissionResponse(string Kenmerk);

/// <summary>The part of GET /api/v1/messages/{kenmerk} worth showing for a message that was not delivered.</summary>
internal sealed record MessageOverview(string Kenmerk, string Fase, bool Afgerond, StatusDto? LaatsteStatus, IReadOnlyList<DeliveryDto>? Afleveringen);

internal sealed record StatusDto(string Statuscode, string Statusomschrijving, string? Statusdetails);

internal sealed record DeliveryDto(string Ontvanger, string Toestand, int Pogingen, string? VolgendePoging);
