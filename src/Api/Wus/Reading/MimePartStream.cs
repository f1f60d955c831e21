namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// The body of one MIME part as staging reads it: a truncated or malformed part (the multipart reader's
/// IOException/InvalidDataException) is the client's fault, reported as a protocol violation rather
/// than a technical error. A request over the size limit (BadHttpRequestException) passes unchanged.
/// </summary>
internal sealed class MimePartStream(Stream inner) : AsyncReadOnlyStream
{
    public static bool IsMalformed(Exception e) => e is InvalidDataException || (e is IOException && e is not BadHttpRequestException);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw new WusProtocolException("A MIME part is malformed or truncated: " + e.Message);
        }
    }
}
