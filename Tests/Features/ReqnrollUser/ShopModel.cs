namespace NetnsBdd.Tests.Features.ReqnrollUser;

public sealed class Item
{
    public string Name { get; set; } = "";

    public decimal Price { get; set; }

    public int Quantity { get; set; }
}

public sealed class Customer
{
    public string Name { get; set; } = "";

    public bool Vip { get; set; }
}

public readonly record struct Money(decimal Amount, string Currency);

/// <summary>One scenario's basket, shared by the binding classes through Reqnroll's container.</summary>
public sealed class Basket
{
    public List<Item> Items { get; } = [];

    public List<string> NamesReadRowByRow { get; } = [];

    public Customer? Customer { get; set; }

    public bool Open { get; set; }

    public int DiscountPercent { get; set; }

    public Money Total { get; set; }

    public string Greeting { get; set; } = "";
}
