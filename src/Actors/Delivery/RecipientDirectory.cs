namespace Digipoort.Actors.Delivery;

/// <summary>
/// The configured recipients by id. An endpoint may be relative ("/demo/recipient/inbox"): it is then
/// resolved against the node's own base address once the node listens, which lets the built-in demo
/// recipient work on whatever port the node was given.
/// </summary>
public sealed class RecipientDirectory
{
    private readonly IReadOnlyDictionary<string, RecipientSettings> _settings;
    private readonly Func<Uri?> _selfBaseAddress;

    public RecipientDirectory(IReadOnlyDictionary<string, RecipientSettings> settings, Func<Uri?> selfBaseAddress)
    {
        foreach (var (id, recipient) in settings)
        {
            if (!Uri.TryCreate(recipient.Endpoint, UriKind.RelativeOrAbsolute, out var uri)
                || (uri.IsAbsoluteUri && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"Recipient '{id}' has no valid http(s) endpoint: '{recipient.Endpoint}'.");
        }
        _settings = settings;
        _selfBaseAddress = selfBaseAddress;
    }

    public bool Contains(string id) => _settings.ContainsKey(id);

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
        recipient = new Recipient(id, settings.Oin, endpoint, settings.AttemptTimeout);
        return true;
    }
}

/// <summary>How one recipient is configured (section <c>Digipoort:Recipients:&lt;id&gt;</c>).</summary>
public sealed class RecipientSettings
{
    public string? Oin { get; set; }
    public string Endpoint { get; set; } = "";
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
