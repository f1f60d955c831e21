namespace Digipoort.Tests.Support;

/// <summary>
/// Tests that measure the whole process (allocated bytes) run alone, after the parallel ones: whatever
/// another test did meanwhile would count in their measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurements";
}
