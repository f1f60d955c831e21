using Digipoort.Actors.Domain;

namespace Digipoort.Api.Identity;

/// <summary>
/// Establishes who sent a request: the OIN in the subject serialNumber of its validated client
/// certificate (<see cref="SenderIdentityResolver"/>).
/// </summary>
public interface ISenderIdentityResolver
{
    /// <summary>The sender, or null when the request cannot be attributed to anyone.</summary>
    SenderIdentity? Resolve(HttpContext context);
}
