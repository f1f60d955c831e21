namespace Digipoort.Api.Wus.Reading;

/// <summary>The request breaks the SOAP/WUS interface specification; the message is written for the client.</summary>
public sealed class WusProtocolException(string message) : Exception(message);
