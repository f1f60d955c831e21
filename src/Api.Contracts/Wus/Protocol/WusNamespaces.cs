namespace Digipoort.Wus.Protocol;

/// <summary>
/// The XML namespaces of the WUS 2.0 koppelvlak (reference/digipoort-contract.md §1, §4). Shared by
/// the gateway and the client library (both build against this contract assembly).
/// </summary>
public static class WusNamespaces
{
    public const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public const string Addressing = "http://www.w3.org/2005/08/addressing";
    public const string Security = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string Utility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";
    public const string ExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public const string Koppelvlak = "http://logius.nl/digipoort/koppelvlakservices/1.2/";
    public const string Xop = "http://www.w3.org/2004/08/xop/include";
    public const string Xmlns = "http://www.w3.org/2000/xmlns/";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    public const string Anonymous = "http://www.w3.org/2005/08/addressing/anonymous";
    public const string None = "http://www.w3.org/2005/08/addressing/none";
    public const string AddressingFaultAction = "http://www.w3.org/2005/08/addressing/fault";

    public const string X509v3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
    public const string Base64Binary = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string Sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    public const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
}
