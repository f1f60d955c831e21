using Xunit.Abstractions;
using Xunit.Sdk;

namespace Digipoort.Tests.Support;

/// <summary>
/// A fact of a contract: declared once in an abstract test class and run by every class that derives from it
/// (one per implementation). In a derived class marked <see cref="RequiresPostgreSqlAttribute"/> it is skipped,
/// not passed, where no PostgreSQL is configured; a plain <see cref="FactAttribute"/> cannot tell which class it runs in.
/// </summary>
[XunitTestCaseDiscoverer("Digipoort.Tests.Support.ContractFactDiscoverer", "Digipoort.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>Marks a test class whose contract facts (<see cref="ContractFactAttribute"/>) need PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName).Any()
            ? new PostgreSqlTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
}

/// <summary>A test case that is skipped where no PostgreSQL is configured, decided when it runs (CI sets the variable).</summary>
public sealed class PostgreSqlTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgreSqlTestCase() { }

    public PostgreSqlTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod) { }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        PostgreSqlTestDatabase.SkipReason ?? base.GetSkipReason(factAttribute);
}
