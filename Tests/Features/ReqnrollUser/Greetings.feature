@reqnrollUser
Feature: Greetings
  The same step text bound twice, each definition scoped to its own tag with [Scope].

  @english
  Scenario: English
    When the shop greets a customer
    Then the greeting is "Hello"

  @french
  Scenario: French
    When the shop greets a customer
    Then the greeting is "Bonjour"
