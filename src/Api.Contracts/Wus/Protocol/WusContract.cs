namespace Digipoort.Wus.Protocol;

/// <summary>The three WUS services for businesses.</summary>
public enum WusServiceKind
{
    Aanlever = 0,
    Statusinformatie,
    Ophaal,
}

/// <summary>One operation: its request/response elements and its WS-Addressing actions (contract §2).</summary>
public sealed record WusOperation(WusServiceKind Service, string Name, string RequestElement, string ResponseElement,
    string RequestAction, string ResponseAction, string FaultAction);

/// <summary>One service: names as the WSDLs give them, its path and its operations.</summary>
public sealed record WusService(WusServiceKind Kind, string Name, string TargetNamespace, string Path, string FaultElement,
    IReadOnlyList<WusOperation> Operations)
{
    /// <summary>portType, service and port name (e.g. AanleverService_V1_2).</summary>
    public string PortType => Name + "_V1_2";

    public string Binding => Name + "SoapBinding_V1_2";

    /// <summary>The wsdl:fault name (aanleverServiceFault, …).</summary>
    public string FaultName => char.ToLowerInvariant(Name[0]) + Name[1..] + "Fault";

    /// <summary>The fault message name (AanleverServiceFault, …).</summary>
    public string FaultMessage => Name + "Fault";

    public WusOperation? ByAction(string action) => Operations.FirstOrDefault(o => o.RequestAction == action);

    public WusOperation Operation(string name) => Operations.First(o => o.Name == name);
}

/// <summary>
/// The WUS 2.0 contract as a table (reference/digipoort-contract.md §1–2): every action string, element
/// name and path comes from here, so the served WSDL, the dispatcher and the client cannot disagree.
/// </summary>
public static class WusContract
{
    public static readonly WusService Aanlever = Service(WusServiceKind.Aanlever, "AanleverService", "aanleverservice",
        "aanleverFault", ("aanleveren", "aanleverRequest", "aanleverResponse"));

    public static readonly WusService Statusinformatie = Service(WusServiceKind.Statusinformatie, "StatusinformatieService",
        "statusinformatieservice", "statusinformatieFault",
        Operation("getBerichtsoorten"), Operation("getProcessen"), Operation("getStatussenProces"),
        Operation("getNieuweStatussenProces"), Operation("getNieuweStatussen"));

    public static readonly WusService Ophaal = Service(WusServiceKind.Ophaal, "OphaalService", "ophaalservice", "ophaalFault",
        Operation("getBerichten"), Operation("getNieuweBerichten"), Operation("getBerichtenLijst"),
        Operation("getNieuweBerichtenLijst"), Operation("getBerichtenKenmerk"), Operation("getNieuweBerichtenKenmerk"));

    public static readonly IReadOnlyList<WusService> Services = [Aanlever, Statusinformatie, Ophaal];

    public static WusService Of(WusServiceKind kind) => Services.First(s => s.Kind == kind);

    /// <summary>The status and ophaal operations name their elements after the operation.</summary>
    private static (string Name, string Request, string Response) Operation(string name) => (name, name + "Request", name + "Response");

    private static WusService Service(WusServiceKind kind, string name, string segment, string faultElement,
        params (string Name, string Request, string Response)[] operations)
    {
        var tns = $"http://logius.nl/digipoort/wus/2.0/{segment}/1.2/";
        var actionBase = tns + name;
        return new WusService(kind, name, tns, $"/wus/2.0/{segment}/1.2", faultElement,
            [.. operations.Select(o => new WusOperation(kind, o.Name, o.Request, o.Response,
                $"{actionBase}/{o.Name}Request", $"{actionBase}/{o.Name}Response", $"{actionBase}/{o.Name}/Fault/"))]);
    }
}
