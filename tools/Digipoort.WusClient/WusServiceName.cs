namespace Digipoort.WusClient;

/// <summary>The three WUS 2.0 services for businesses.</summary>
public enum WusServiceName
{
    Aanlever = 0,
    Statusinformatie,
    Ophaal,
}
