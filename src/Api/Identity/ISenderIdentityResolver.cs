using Digipoort.Actors.Domain;

namespace Digipoort.Api.Identity;

/// <summary>
/// Establishes who sent a request. THIS IS THE SEAM THAT MUTUAL TLS FILLS: today the identity comes
/// from configuration or a development header (<see cref="DevelopmentSenderIdentityResolver"/>);
/// with mTLS it will be the OIN in the client certificate's subject serialNumber.
/// </summary>
public interface ISenderIdentityResolver
{
    /// <summary>The sender, or null when the request cannot be attributed to anyone.</summary>
    SenderIdentity? Resolve(HttpContext context);
}
