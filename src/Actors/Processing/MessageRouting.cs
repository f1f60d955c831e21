using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Actors.Processing;

/// <summary>Decides who receives a message: for now, the recipients its berichtsoort lists.</summary>
public static class MessageRouting
{
    public static IReadOnlyList<string> RecipientsFor(MessageType messageType, RecipientDirectory directory) =>
        [.. messageType.Recipients.Where(directory.Contains).Distinct(StringComparer.Ordinal)];
}
