namespace Digipoort.Actors.Processing.Transformation;

/// <summary>
/// Passes reads and writes through to <paramref name="inner"/> (left open) and looks at the token on each,
/// so a transformation, which has no cancellation of its own, stops at its next read or write.
/// </summary>
internal sealed class CancellingStream(Stream inner, CancellationToken ct) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ct.ThrowIfCancellationRequested();
        return inner.Read(buffer, offset, count);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ct.ThrowIfCancellationRequested();
        inner.Write(buffer, offset, count);
    }

    public override void Flush() => inner.Flush();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
