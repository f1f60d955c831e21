namespace Digipoort.Actors.Domain;

/// <summary>
/// Digipoort status codes (reference/digipoort-contract.md §6) with their texts as Digipoort writes
/// them. "Final" means the process, or for delivery statuses that recipient's part of it, ends there.
/// </summary>
public static class DigipoortStatus
{
    public const string AanleverprocesGestart = "105";
    public const string AanleverenGelukt = "100";
    public const string AanleverprocesWordtAangeboden = "110";
    public const string AuthenticatieGelukt = "200";
    public const string AuthenticatieNietGelukt = "210";
    public const string ValidatieGelukt = "301";
    public const string ValidatieNietGelukt = "311";
    public const string TechnischProbleemValidatie = "321";
    public const string AfleverenBezig = "405";
    public const string AfleverenGelukt = "400";
    public const string AfleverenNietGelukt = "410";
    public const string TechnischProbleemAfleveren = "420";

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [AanleverprocesGestart] = "Aanleverproces gestart.",
        [AanleverenGelukt] = "Aanleveren gelukt.",
        [AanleverprocesWordtAangeboden] = "Aanleverproces wordt aangeboden.",
        [AuthenticatieGelukt] = "Authenticatie gelukt.",
        [AuthenticatieNietGelukt] = "Authenticatie (verzender) niet gelukt",
        [ValidatieGelukt] = "Validatie gelukt.",
        [ValidatieNietGelukt] = "Validatie niet gelukt",
        [TechnischProbleemValidatie] = "Technische problemen bij validatie",
        [AfleverenBezig] = "Afleveren naar uitvragende partij bezig...",
        [AfleverenGelukt] = "Afleveren uitvragende partij gelukt.",
        [AfleverenNietGelukt] = "Afleveren uitvragende partij niet gelukt",
        [TechnischProbleemAfleveren] = "Technisch probleem bij de afleverservice van de uitvragende partij",
    };

    public static string DescriptionOf(string code) => Descriptions.TryGetValue(code, out var text) ? text : code;
}

/// <summary>Digipoort fault codes (reference/digipoort-contract.md §7).</summary>
public static class FaultCodes
{
    /// <summary>The request does not conform to the interface specification.</summary>
    public const string AanleverRequestInvalid = "ALS100";
    /// <summary>The berichtsoort is not known to the gateway.</summary>
    public const string UnknownBerichtsoort = "ALS110";
    /// <summary>The sender is not known or cannot be attributed.</summary>
    public const string SenderUnknown = "ALS120";
    /// <summary>The aanleverkenmerk was already used by this sender for different content.</summary>
    public const string DuplicateAanleverkenmerk = "ALS130";
    /// <summary>The content exceeds the size limit.</summary>
    public const string ContentTooLarge = "ALS140";
    /// <summary>The gateway is temporarily overloaded; try again later.</summary>
    public const string Overloaded = "ALS150";
    /// <summary>The sender exceeds its request rate; try again after Retry-After.</summary>
    public const string RateLimited = "ALS160";
    /// <summary>A technical error in the submission service.</summary>
    public const string AanleverTechnicalError = "ALS400";
    /// <summary>The status request does not conform to the interface specification.</summary>
    public const string StatusRequestInvalid = "STS100";
    /// <summary>The requested process is not known.</summary>
    public const string UnknownKenmerk = "STS110";
    /// <summary>The sender is not authorised for this berichtsoort (with status 210).</summary>
    public const string NotAuthorised = "AUS100";
    /// <summary>
    /// The client certificate was refused (untrusted, expired, revoked, wrong usage or no valid OIN).
    /// Our own code in the AUS authentication family; the contract does not confirm its meaning.
    /// </summary>
    public const string CertificateRefused = "AUS200";
    /// <summary>Validation failed (with status 311).</summary>
    public const string ValidationFailed = "VAS500";
    /// <summary>Technical problem during validation (with status 321).</summary>
    public const string ValidationTechnicalError = "VAS400";
    /// <summary>The recipient refused the message (with status 410).</summary>
    public const string DeliveryRefused = "AFS400";
    /// <summary>No recipient is configured for the berichtsoort (with status 410).</summary>
    public const string NoRecipient = "AFS100";
    /// <summary>Delivery kept failing until the delivery deadline (with status 420, final).</summary>
    public const string DeliveryExpired = "AFS600";
}
