using Digipoort.Actors.Domain;

namespace Digipoort.Api.Receipts;

// What the verify endpoint answers (the receipt itself, OntvangstbewijsDto, is in the contract assembly).

public sealed record HashDto(string Naam, string Sha256);

/// <summary>What a valid receipt says, and who signed it when.</summary>
public sealed record OntvangstbewijsInhoudDto(
    string Kenmerk,
    string Berichtsoort,
    string? Aanleverkenmerk,
    string Afzender,
    string TijdstempelAangeleverd,
    IReadOnlyList<HashDto> Hashes,
    string OndertekenaarSha256,
    string TijdstempelOndertekend);

/// <summary>The verify endpoint's answer: <c>geldig</c> with the content, or not with <c>reden</c>.</summary>
public sealed record ReceiptVerificationResponse(bool Geldig, OntvangstbewijsInhoudDto? Ontvangstbewijs, string? Reden)
{
    public static ReceiptVerificationResponse From(ReceiptVerification verification) =>
        verification is { IsValid: true, Receipt: { } r }
            ? new(true, new OntvangstbewijsInhoudDto(r.Kenmerk, r.Berichtsoort, r.Aanleverkenmerk, r.Afzender, r.TijdstempelAangeleverd,
                [.. r.Hashes.Select(h => new HashDto(h.Naam, h.Sha256))], verification.SignerThumbprintSha256!,
                Timestamps.Format(verification.SignedAt!.Value)), null)
            : new(false, null, verification.Reason);
}
