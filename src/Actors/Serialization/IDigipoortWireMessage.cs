namespace Digipoort.Actors.Serialization;

/// <summary>
/// Marker for everything that is persisted or may cross a node boundary. Exactly one serializer
/// (<see cref="DigipoortSerializer"/>) is bound to it, with a permanent manifest per type.
/// </summary>
public interface IDigipoortWireMessage;
