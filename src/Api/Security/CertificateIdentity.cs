namespace Digipoort.Api.Security;

/// <summary>
/// Who a validated client certificate belongs to: the OIN (what authorisation is decided on), the
/// organisation name (subject O, or CN when O is absent) and the role from the subject OU, if any
/// (e.g. <c>Operator</c> for gateway operators).
/// </summary>
public sealed record CertificateIdentity(Oin Oin, string OrganisationName, string? Role);
