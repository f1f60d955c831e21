namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>The berichtsoorten this gateway knows.</summary>
public interface IMessageTypeCatalogue
{
    IReadOnlyList<MessageType> All { get; }

    bool TryGet(string berichtsoort, out MessageType messageType);
}
