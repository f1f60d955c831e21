namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// Bounds on an envelope's shape, checked while it is read: nesting depth (from the Envelope), attributes
/// per element, elements in all, and the length of any text other than <c>inhoud</c> (which is streamed).
/// </summary>
public sealed record WusReadLimits(int MaxDepth, int MaxAttributes, int MaxElements, int MaxTextLength);
