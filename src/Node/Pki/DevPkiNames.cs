namespace Digipoort.Node.Pki;

/// <summary>
/// The names and OINs of the development PKI. Every name says "Dev" or "(test)" so no certificate
/// can be mistaken for a PKIoverheid one; the shape (root → domain → issuing CA, OIN in the subject
/// serialNumber) follows PKIoverheid's Private Services hierarchy.
/// </summary>
public static class DevPkiNames
{
    public const string Organisation = "Digipoort (test)";
    public const string RootCa = "CN=Digipoort Dev Root CA, O=Digipoort (test), C=NL";
    public const string DomainCa = "CN=Digipoort Dev Domein Organisatie CA, O=Digipoort (test), C=NL";
    public const string IssuingCa = "CN=Digipoort Dev Private Services CA, O=Digipoort (test), C=NL";

    /// <summary>
    /// The gateway's own OIN: the test prefix 00000099 followed by the digits of Logius's real
    /// Digipoort OIN (00000004003214345001), so it looks familiar but can never collide with it.
    /// </summary>
    public const string ServerOin = "00000099003214345001";

    /// <summary>Role carried in the subject OU; the validator reports it as <c>CertificateIdentity.Role</c>.</summary>
    public const string OperatorRole = "Operator";

    /// <summary>The client certificates <c>pki init</c> creates; the sender is the node's development identity.</summary>
    public static IReadOnlyList<DevClient> Clients { get; } =
    [
        new("sender", "00000003123456780000", "Demo Aanleveraar BV", null),
        new("intermediary", "00000003876543210000", "Demo Intermediair BV", null),
        new("operator", "00000099000000000001", "Digipoort Beheer (test)", OperatorRole),
    ];
}

/// <summary>A client certificate of the development PKI: file name, OIN, organisation and optional role (OU).</summary>
public sealed record DevClient(string Name, string Oin, string Organisation, string? Role);
