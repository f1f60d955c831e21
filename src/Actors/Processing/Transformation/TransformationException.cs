namespace Digipoort.Actors.Processing.Transformation;

/// <summary>A transformation failed while running (a technical problem, status 321): the message says why.</summary>
public sealed class TransformationException(string message, Exception? inner = null) : Exception(message, inner);
