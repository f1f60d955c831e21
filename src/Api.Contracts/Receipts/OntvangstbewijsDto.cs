namespace Digipoort.Api.Receipts;

// The receipt on the wire: in the acceptance answer, and as the body of POST /api/v1/receipts/verify.

/// <summary>A signed receipt: the canonical JSON and its detached CMS signature (DER), both base64.</summary>
public sealed record OntvangstbewijsDto(string? Inhoud, string? Handtekening, string? Algoritme);
