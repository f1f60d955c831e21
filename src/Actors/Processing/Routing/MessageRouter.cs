using System.Xml.XPath;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Actors.Processing.Routing;

/// <summary>
/// Decides who receives a message: the recipients its berichtsoort lists, then those its content-based
/// routes select from the document, each once, in that order, and only recipients this node knows.
/// </summary>
public static class MessageRouter
{
    public static RoutingDecision Route(MessageType type, XPathNavigator? document, RecipientDirectory directory)
    {
        var recipients = new List<string>();
        var unmatched = new List<string>();
        foreach (var recipient in type.Recipients)
            Add(recipient);

        if (document is not null)
        {
            foreach (var route in type.Routes)
            {
                foreach (var value in route.ValuesIn(document))
                {
                    if (route.RecipientFor(value, directory.FindByOin) is { } recipient) Add(recipient);
                    else unmatched.Add($"'{value}' (from {route.Expression})");
                }
            }
        }
        return new RoutingDecision(recipients, unmatched);

        void Add(string recipient)
        {
            if (directory.Contains(recipient) && !recipients.Contains(recipient, StringComparer.Ordinal))
                recipients.Add(recipient);
        }
    }
}

/// <summary>The recipients chosen, and the selected values that named no recipient (for the status details).</summary>
public sealed record RoutingDecision(IReadOnlyList<string> Recipients, IReadOnlyList<string> Unmatched)
{
    public string NoRecipientDetail(string berichtsoort) => Unmatched.Count == 0
        ? $"No recipient is configured for berichtsoort '{berichtsoort}'."
        : $"No recipient matches the document of berichtsoort '{berichtsoort}': {string.Join(", ", Unmatched.Take(5))}"
            + (Unmatched.Count > 5 ? $" and {Unmatched.Count - 5} more." : ".");
}
