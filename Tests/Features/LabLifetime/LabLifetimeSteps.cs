using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using Reqnroll;

namespace NetnsBdd.Tests.Features.LabLifetime;

/// <summary>For features a test writes: is a lab of this process still up? (A scenario's lab must be gone at its end.)</summary>
[Binding]
[Scope(Tag = "labLifetime")]
public sealed class LabLifetimeSteps
{
    [Then("no lab is up")]
    public static void ThenNoLabIsUp() => LiveLabs.Count.Should().Be(0, "every scenario's lab is torn down when the scenario ends");
}
