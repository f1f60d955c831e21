using Digipoort.Api.Receipts;

namespace Digipoort.Api.Rest;

// The REST wire contract. Field names follow the Digipoort koppelvlak (aanleverRequest,
// StatusResultaat) so that users of the SOAP interface recognise them. The gateway maps its actors'
// replies onto these records in one place (ContractMapping); they never expose actor state or events.

public sealed record IdentiteitDto(string? Nummer, string? Type);

public sealed record BerichtInhoudDto(string? MimeType, string? Bestandsnaam, string? Inhoud);

/// <summary>POST /api/v1/messages as JSON: an aanleverRequest with base64 content.</summary>
public sealed record SubmitMessageRequest(
    string? Berichtsoort,
    string? Aanleverkenmerk,
    string? EerderAanleverkenmerk,
    IdentiteitDto? IdentiteitBelanghebbende,
    string? RolBelanghebbende,
    IdentiteitDto? IdentiteitOntvanger,
    string? RolOntvanger,
    BerichtInhoudDto? BerichtInhoud,
    IReadOnlyList<BerichtInhoudDto>? BerichtBijlagen,
    string? AutorisatieAdres);

public sealed record FoutDto(string Foutcode, string Foutbeschrijving);

public sealed record ConstateringDto(string Code, string Beschrijving, int Regel, int Positie);

/// <summary>One status (StatusResultaat), with the recipient for delivery statuses and findings for 311.</summary>
public sealed record StatusDto(
    string Statuscode,
    string TijdstempelStatus,
    string Statusomschrijving,
    FoutDto? StatusFoutcode,
    string? Statusdetails,
    string? Ontvanger,
    IReadOnlyList<ConstateringDto>? Constateringen);

/// <param name="Ontvangstbewijs">The signed receipt of the acceptance (for a duplicate: of the original acceptance).</param>
public sealed record SubmissionResponse(
    string Kenmerk,
    string TijdstempelAangeleverd,
    bool AlreadySubmitted,
    IReadOnlyList<StatusDto> Statussen,
    OntvangstbewijsDto? Ontvangstbewijs = null);

public sealed record StatusesResponse(string Kenmerk, IReadOnlyList<StatusDto> Statussen);

/// <summary>One delivery: <c>Deel</c> 0 is the message itself, n its n-th attachment delivered on its own.</summary>
public sealed record DeliveryDto(string Ontvanger, AfleverToestand Toestand, int Pogingen, string? VolgendePoging, string? Afgerond, int Deel);

/// <summary>A batch's progress: its items are messages of their own (see GET /api/v1/messages/{kenmerk}/items).</summary>
public sealed record BatchDto(int Onderdelen, string Berichtsoort, bool Gesorteerd, int Afgerond, int Afgeleverd, int NietAfgeleverd);

/// <summary>The batch a message was cut from, and its 1-based place in the batch's delivery order.</summary>
public sealed record BatchOnderdeelDto(string Batch, int Volgnummer);

/// <summary>A page of a batch's items, in delivery order.</summary>
public sealed record BatchItemsResponse(string Kenmerk, int Onderdelen, int Vanaf, IReadOnlyList<BatchItemDto> Items);

public sealed record BatchItemDto(int Volgnummer, string Kenmerk);

public sealed record ReturnToSenderDto(string Ontvanger, string Reden, string Tijdstempel);

public sealed record MessageResponse(
    string Kenmerk,
    string Berichtsoort,
    string? Aanleverkenmerk,
    IdentiteitDto IdentiteitBelanghebbende,
    string TijdstempelAangeleverd,
    MessageFase Fase,
    bool Afgerond,
    StatusDto? LaatsteStatus,
    IReadOnlyList<DeliveryDto> Afleveringen,
    IReadOnlyList<ReturnToSenderDto> RetourAfzender,
    BatchDto? Batch,
    BatchOnderdeelDto? BatchOnderdeel);

public sealed record MessageTypeDto(string Berichtsoort, string Omschrijving, string Versie);
