using Digipoort.Api.Problems;

namespace Digipoort.Api.Gateway;

/// <summary>
/// What the gateway answers a query: the value, or the refusal to report (an unknown kenmerk, a message that did not
/// answer in time). Failures the caller must report are values, never exceptions that escape as a 500.
/// </summary>
public readonly record struct GatewayResult<T>(T? Value, Fault? Fault) where T : class
{
    public static implicit operator GatewayResult<T>(T value) => new(value, null);

    public static implicit operator GatewayResult<T>(Fault fault) => new(null, fault);
}
