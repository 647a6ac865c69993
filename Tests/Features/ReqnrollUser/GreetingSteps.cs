using FluentAssertions;
using Reqnroll;

namespace NetnsBdd.Tests.Features.ReqnrollUser;

/// <summary>The same step text twice: Reqnroll picks the definition whose [Scope] tag the scenario carries.</summary>
[Binding]
[Scope(Tag = "english")]
public sealed class EnglishGreetingSteps(Basket basket)
{
    [Then("the greeting is {string}")]
    public void ThenTheGreetingIs(string greeting) => basket.Greeting.Should().Be(greeting).And.Be("Hello");
}

[Binding]
[Scope(Tag = "french")]
public sealed class FrenchGreetingSteps(Basket basket)
{
    [Then("the greeting is {string}")]
    public void ThenTheGreetingIs(string greeting) => basket.Greeting.Should().Be(greeting).And.Be("Bonjour");
}
