namespace Digipoort.LoadTest.Transport;

/// <summary>One node address the tool sends to, with its own connection pool.</summary>
public sealed record NodeTarget(int Index, Uri Address, HttpClient Http);
