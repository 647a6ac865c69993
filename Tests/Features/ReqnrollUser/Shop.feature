@reqnrollUser
Feature: Shop
  A Reqnroll user's bindings, unchanged: data tables, a step argument transformation, the output helper and
  attachments, rules with backgrounds, tag-scoped hooks, pending and skipped scenarios.

  Background:
    Given the shop is open

  Scenario: Tables fill objects
    Given these items
      | Name   | Price | Quantity |
      | Apple  | 0.50  | 4        |
      | Banana | 0.25  | 6        |
    And this customer
      | Field | Value |
      | Name  | Ada   |
      | Vip   | true  |
    When the basket is totalled
    Then the total is 3.50 EUR
    And the item names read row by row are "Apple, Banana"
    And the customer is "Ada", a VIP

  Scenario Outline: A price in euros converts through a step argument transformation
    Given these items
      | Name   | Price   | Quantity |
      | <item> | <price> | 1        |
    When the basket is totalled
    Then the total is <total>

    Examples:
      | item  | price | total     |
      | Pear  | 1.25  | 1.25 EUR  |
      | Melon | 3     | 3.00 EUR  |

  Scenario: Output and attachments reach the report
    When the binding writes "hello from the binding" and attaches a receipt
    Then the receipt exists

  Rule: Discounts apply to VIPs
    Background:
      Given a discount of 10 %

    Scenario: The rule background runs after the feature background
      Then the shop is open with a discount of 10 %

  Scenario: A step still pending
    Given a step that is still pending
    Then this step is skipped

  Scenario: A scenario skipped through the unit test runtime provider
    Given a step that skips the scenario because "the till is closed"

  Scenario: A scenario made inconclusive through the unit test runtime provider
    Given a step that cannot judge because "no scale attached"

  @ignore
  Scenario: An ignored scenario
    Given a step that fails

  Scenario: A failing step skips the rest
    Given a step that fails
    Then this step is skipped

  Scenario: An undefined step gives a snippet
    Given 3 apples cost "1.50" in total
