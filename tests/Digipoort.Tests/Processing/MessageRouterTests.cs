using System.Xml.XPath;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Routing;

namespace Digipoort.Tests.Processing;

public sealed class MessageRouterTests
{
    private static readonly RecipientDirectory Directory = new(new Dictionary<string, RecipientSettings>
    {
        ["archief"] = new() { Endpoint = "http://127.0.0.1:1/a" },
        ["gemeente"] = new() { Endpoint = "http://127.0.0.1:1/g", Oin = "00000001002220647000" },
        ["rws"] = new() { Endpoint = "http://127.0.0.1:1/r", Oin = "00000001003214345000" },
    }, () => null);

    [Fact]
    public void Static_recipients_come_first_then_those_the_content_names_each_once_and_unmatched_values_are_reported()
    {
        var namespaces = CatalogueXPath.Namespaces(new Dictionary<string, string> { ["f"] = "urn:f" });
        var type = new MessageType("F", "d", "1", ["archief", "onbekend"], new System.Xml.Schema.XmlSchemaSet())
        {
            Routes =
            [
                new ContentRoute(CatalogueXPath.Compile("/f:F/f:Koper", namespaces, ".", "r0"), null, matchRecipientOin: true),
                new ContentRoute(CatalogueXPath.Compile("string(/f:F/f:Soort)", namespaces, ".", "r1"),
                    new Dictionary<string, string> { ["weg"] = "rws", ["archief"] = "archief" }, matchRecipientOin: false),
            ],
        };
        var document = new XPathDocument(new StringReader(
            """<F xmlns="urn:f"><Koper>00000001002220647000</Koper><Koper> 00000009999999999000 </Koper><Koper/><Soort>weg</Soort></F>""")).CreateNavigator();

        var decision = MessageRouter.Route(type, document, Directory);

        Assert.Equal(["archief", "gemeente", "rws"], decision.Recipients);
        Assert.Equal(["'00000009999999999000' (from /f:F/f:Koper)"], decision.Unmatched);
    }

    [Fact]
    public void When_nothing_matches_the_detail_names_the_values_that_did_not()
    {
        var decision = new RoutingDecision([], ["'1' (from /x)", "'2' (from /x)"]);

        Assert.Equal("No recipient matches the document of berichtsoort 'F': '1' (from /x), '2' (from /x).", decision.NoRecipientDetail("F"));
        Assert.Equal("No recipient is configured for berichtsoort 'F'.", new RoutingDecision([], []).NoRecipientDetail("F"));
    }
}
