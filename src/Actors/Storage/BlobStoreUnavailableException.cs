namespace Digipoort.Actors.Storage;

/// <summary>
/// The store itself could not be reached or failed (e.g. its database is down). An <see cref="IOException"/>,
/// so callers treat it like any other failure to read or write content: retry later, never crash.
/// </summary>
public sealed class BlobStoreUnavailableException(string message, Exception inner) : IOException(message, inner);
