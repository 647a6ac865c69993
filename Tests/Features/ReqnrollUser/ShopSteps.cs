using NetnsBdd.Drivers.Lab;
using System.Globalization;
using FluentAssertions;
using Reqnroll;
using Reqnroll.Assist;
using Reqnroll.UnitTestProvider;

namespace NetnsBdd.Tests.Features.ReqnrollUser;

/// <summary>Written as for Reqnroll.NUnit; scoped to the test features' tag so they never meet the product's steps.</summary>
[Binding]
[Scope(Tag = "reqnrollUser")]
public sealed class ShopSteps(Basket basket, ScenarioContext scenario, IReqnrollOutputHelper output, IUnitTestRuntimeProvider runtime)
{
    [StepArgumentTransformation(@"(\d+\.\d\d) EUR")]
    public Money Euros(string amount) => new(decimal.Parse(amount, CultureInfo.InvariantCulture), "EUR");

    [Given("the shop is open")]
    public void GivenTheShopIsOpen() => basket.Open = true;

    [Given("these items")]
    public void GivenTheseItems(DataTable table)
    {
        basket.Items.AddRange(table.CreateSet<Item>());
        DataTableRows rows = table.Rows;
        foreach (var row in rows)
        {
            basket.NamesReadRowByRow.Add(row["Name"]);
        }
    }

    [Given("this customer")]
    public void GivenThisCustomer(DataTable table) => basket.Customer = table.CreateInstance<Customer>();

    [Given("a discount of {int} %")]
    public void GivenADiscount(int percent) => basket.DiscountPercent = percent;

    [When("the basket is totalled")]
    public void WhenTheBasketIsTotalled() =>
        basket.Total = new Money(basket.Items.Sum(i => i.Price * i.Quantity), "EUR");

    [Then(@"^the total is (.+)$")]
    public void ThenTheTotalIs(Money expected) => basket.Total.Should().Be(expected);

    [Then("the item names read row by row are {string}")]
    public void ThenTheItemNamesAre(string names) => string.Join(", ", basket.NamesReadRowByRow).Should().Be(names);

    [Then("the customer is {string}, a VIP")]
    public void ThenTheCustomerIsAVip(string name) => basket.Customer.Should().BeEquivalentTo(new Customer { Name = name, Vip = true });

    [When("the binding writes {string} and attaches a receipt")]
    public void WhenTheBindingWritesAndAttaches(string message)
    {
        output.WriteLine(message);
        var receipt = Path.Combine(RunScratch.ForProcess.Path, $"receipt-{Guid.NewGuid():N}.txt");
        File.WriteAllText(receipt, "1 x Apple 0.50 EUR");
        output.AddAttachment(receipt);
        scenario["receipt"] = receipt;
    }

    [Then("the receipt exists")]
    public void ThenTheReceiptExists() => File.Exists((string)scenario["receipt"]).Should().BeTrue();

    [Then("the shop is open with a discount of {int} %")]
    public void ThenOpenWithDiscount(int percent)
    {
        basket.Open.Should().BeTrue("the feature background ran first");
        basket.DiscountPercent.Should().Be(percent, "the rule background ran");
    }

    [Given("a step that is still pending")]
    public void GivenAPendingStep()
    {
        // Reqnroll 3.3 marks Pending() obsolete (for v4) but still supports it; users' bindings call it today.
#pragma warning disable CS0618
        scenario.Pending();
#pragma warning restore CS0618
    }

    [Given("a step that skips the scenario because {string}")]
    public void GivenASkippingStep(string reason) => runtime.TestIgnore(reason);

    [Given("a step that cannot judge because {string}")]
    public void GivenAnInconclusiveStep(string reason) => runtime.TestInconclusive(reason);

    [Given("a step that fails")]
    public void GivenAFailingStep() => basket.Open.Should().BeFalse("this step fails on purpose");

    [Then("this step is skipped")]
    public static void ThenThisStepIsSkipped() => throw new InvalidOperationException("never runs: an earlier step did not pass");

    [When("the shop greets a customer")]
    public void WhenTheShopGreets() => basket.Greeting = scenario.ScenarioInfo.Tags.Contains("french") ? "Bonjour" : "Hello";
}
