namespace Digipoort.Actors.Domain;

/// <summary>Which batch a message was cut from, and its place (0-based) in the batch's delivery order.</summary>
public sealed record BatchItemRef(string ParentKenmerk, int Index);
