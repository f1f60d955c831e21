using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Api.Identity;

/// <summary>
/// Whether a requester may see a message. A message it may not see is answered exactly like one that
/// does not exist, so that nobody learns which kenmerken are in use.
/// </summary>
public sealed class MessageReadAccess(AuthorisationMatrixProvider matrix, TimeProvider clock)
{
    /// <param name="owner">Null when no such message exists.</param>
    public bool MayRead(SenderIdentity requester, MessageOwner? owner) =>
        owner is not null
        && matrix.Current.MayRead(requester, owner.Sender, owner.Berichtsoort, owner.Belanghebbende, clock.GetUtcNow());
}
