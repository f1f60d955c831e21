namespace Digipoort.Node.Pki;

/// <summary>Where each file of a development PKI lives inside its folder; one place so writer, loader and README agree.</summary>
public sealed record DevPkiLayout(string Root)
{
    public string TrustFolder => Path.Combine(Root, "trust");
    public string CaFolder => Path.Combine(Root, "ca");
    public string ServerFolder => Path.Combine(Root, "server");
    public string ClientsFolder => Path.Combine(Root, "clients");
    public string CrlFolder => Path.Combine(Root, "crl");

    public string RootCertificate => Path.Combine(TrustFolder, "root-ca.pem");
    public string DomainCertificate => Path.Combine(TrustFolder, "domain-ca.pem");
    public string IssuingCertificate => Path.Combine(TrustFolder, "issuing-ca.pem");
    public string RootKey => Path.Combine(CaFolder, "root-ca.key");
    public string DomainKey => Path.Combine(CaFolder, "domain-ca.key");
    public string IssuingKey => Path.Combine(CaFolder, "issuing-ca.key");
    public string ServerCertificate => Path.Combine(ServerFolder, "server.pem");
    public string ServerKey => Path.Combine(ServerFolder, "server.key");
    public string IssuingCrl => Path.Combine(CrlFolder, "issuing-ca.crl");

    /// <summary>Written last, so its presence means the PKI was created completely.</summary>
    public string Readme => Path.Combine(Root, "README.txt");

    public string ClientCertificate(string name) => Path.Combine(ClientsFolder, name + ".pem");
    public string ClientKey(string name) => Path.Combine(ClientsFolder, name + ".key");

    public static DevPkiLayout For(string folder) => new(Path.GetFullPath(folder));
}
