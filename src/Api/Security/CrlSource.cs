using System.Net;

namespace Digipoort.Api.Security;

/// <summary>
/// One configured CRL location (file or loopback URL) with its cached copy. Files are re-read when
/// their modification time or size changes, or after the cache duration; URLs are fetched after the
/// cache duration. A failed read or fetch keeps the last good copy (its nextUpdate still bounds how
/// long it counts) and retries after <see cref="RetryAfterFailure"/>, so an outage does not turn
/// every handshake into a fetch.
/// </summary>
internal sealed class CrlSource
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    /// <summary>Far above any issuing CA's CRL; stops a misbehaving endpoint from filling memory.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    private readonly string _location;
    private readonly Uri? _url;
    private readonly Lock _gate = new();
    private RevocationList? _current;
    private (DateTime Modified, long Length)? _fileStamp;
    private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;

    private CrlSource(string location, Uri? url)
    {
        _location = location;
        _url = url;
    }

    public string Location => _location;

    /// <summary>Accepts a file path, a file: URI, or an http URL whose host is loopback; anything else throws.</summary>
    public static CrlSource Create(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (uri.Scheme != Uri.UriSchemeHttp || !IsLoopback(uri))
                throw new ArgumentException($"CRL source '{location}' is not allowed: only files and http URLs on localhost/127.0.0.1/[::1].");
            return new CrlSource(location, uri);
        }
        var path = uri is { IsFile: true } ? uri.LocalPath : location;
        return new CrlSource(Path.GetFullPath(path), null);
    }

    public RevocationList? Get(DateTimeOffset now, TimeSpan cacheDuration, HttpClient http)
    {
        lock (_gate)
        {
            if (_url is null) RefreshFile(now, cacheDuration);
            else if (now >= _nextRefresh) RefreshUrl(now, cacheDuration, http);
            return _current;
        }
    }

    private void RefreshFile(DateTimeOffset now, TimeSpan cacheDuration)
    {
        var info = new FileInfo(_location);
        if (!info.Exists)
        {
            _current = null;
            _fileStamp = null;
            return;
        }
        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (stamp == _fileStamp && now < _nextRefresh) return;
        try
        {
            _current = RevocationList.TryParse(File.ReadAllBytes(_location));
            _fileStamp = stamp;
            _nextRefresh = now + cacheDuration;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _nextRefresh = now + RetryAfterFailure;
        }
    }

    private void RefreshUrl(DateTimeOffset now, TimeSpan cacheDuration, HttpClient http)
    {
        try
        {
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, _url));
            response.EnsureSuccessStatusCode();
            using var body = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            for (int read; (read = body.Read(chunk)) > 0;)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes) throw new IOException($"The CRL at {_url} is larger than {MaxBytes} bytes.");
            }
            _current = RevocationList.TryParse(buffer.ToArray()) ?? _current;
            _nextRefresh = now + cacheDuration;
        }
        // Whatever goes wrong with a fetch must not fail the handshake itself; it leaves the CRL unavailable.
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException or NotSupportedException)
        {
            _nextRefresh = now + RetryAfterFailure;
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
