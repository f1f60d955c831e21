using System.Security.Cryptography.X509Certificates;
using Digipoort.Actors.Delivery.Encryption;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// The configured recipients by id. An endpoint may be relative ("/demo/recipient/inbox"): it is then
/// resolved against the node's own base address once the node listens, which lets the built-in demo
/// recipient work on whatever port the node was given. Encryption certificates are read once, here, so a
/// broken one stops the node at start instead of failing deliveries later.
/// </summary>
public sealed class RecipientDirectory
{
    private readonly IReadOnlyDictionary<string, RecipientSettings> _settings;
    private readonly IReadOnlyDictionary<string, X509Certificate2> _certificates;
    private readonly IReadOnlyDictionary<string, string> _idByOin;
    private readonly Func<Uri?> _selfBaseAddress;

    public RecipientDirectory(IReadOnlyDictionary<string, RecipientSettings> settings, Func<Uri?> selfBaseAddress)
    {
        var certificates = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var idByOin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, recipient) in settings)
        {
            if (!Uri.TryCreate(recipient.Endpoint, UriKind.RelativeOrAbsolute, out var uri)
                || (uri.IsAbsoluteUri && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"Recipient '{id}' has no valid http(s) endpoint: '{recipient.Endpoint}'.");
            if (!string.IsNullOrWhiteSpace(recipient.EncryptionCertificate))
                certificates[id] = LoadCertificate(id, recipient.EncryptionCertificate);
            if (!string.IsNullOrWhiteSpace(recipient.Oin) && !idByOin.TryAdd(recipient.Oin, id))
                throw new ArgumentException($"Recipients '{idByOin[recipient.Oin]}' and '{id}' have the same OIN {recipient.Oin}.");
        }
        _settings = settings;
        _certificates = certificates;
        _idByOin = idByOin;
        _selfBaseAddress = selfBaseAddress;
    }

    public bool Contains(string id) => _settings.ContainsKey(id);

    /// <summary>The id of the recipient with this OIN, for routes that select a recipient by OIN.</summary>
    public string? FindByOin(string oin) => _idByOin.TryGetValue(oin, out var id) ? id : null;

    public bool TryGet(string id, out Recipient recipient)
    {
        recipient = null!;
        if (!_settings.TryGetValue(id, out var settings)) return false;

        var endpoint = new Uri(settings.Endpoint, UriKind.RelativeOrAbsolute);
        if (!endpoint.IsAbsoluteUri)
        {
            if (_selfBaseAddress() is not { } self) return false;
            endpoint = new Uri(self, endpoint);
        }
        recipient = new Recipient(id, settings.Oin, endpoint, settings.AttemptTimeout, _certificates.GetValueOrDefault(id));
        return true;
    }

    private static X509Certificate2 LoadCertificate(string id, string path)
    {
        try
        {
            return RecipientEncryption.LoadCertificate(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException
            or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"Recipient '{id}': the encryption certificate '{path}' cannot be used: {e.Message}", e);
        }
    }
}

/// <summary>How one recipient is configured (section <c>Digipoort:Recipients:&lt;id&gt;</c>).</summary>
public sealed class RecipientSettings
{
    public string? Oin { get; set; }
    public string Endpoint { get; set; } = "";
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A PEM or DER file with the recipient's RSA certificate: when set, what is delivered to it is
    /// encrypted for it (CMS EnvelopedData).
    /// </summary>
    public string? EncryptionCertificate { get; set; }
}
