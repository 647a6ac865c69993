@soak @pi @explicit
Feature: Long soak
  An hour of rounds on the Pi: a router that heats up, fills its connection table or reboots shows here, not in a
  3-second run. Excluded from a plain `dotnet test` (it takes an hour); run it with
  `sudo dotnet test --filter "FullyQualifiedName~LongSoak"`, with Lab:Mode=Uplink and the real router's settings to
  soak the router under test. Every round is in rounds.ndjson in the scenario's results folder as soon as it ends.

  Scenario: An hour of rounds keeps its goodput and the router stays reachable
    Given 20 clients
    And a file of 16 MB
    When all clients download in rounds for 60 minutes
    Then every round completed
    And no round's goodput fell below 80% of the first round's
    And the router was never unreachable for more than 2 seconds
    And the temperature stayed below 80 °C
    And the Pi was never throttled
