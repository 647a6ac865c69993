@bandwidth
Feature: Bandwidth distribution
  The router's downstream capacity is shared by every client behind it. A fair router gives each an equal share,
  and together they get the whole of it.

  Scenario: Ten clients share an 80 Mbit/s router fairly
    Given 10 clients
    And the router's downstream is shaped to 80 Mbit/s
    And a file of 8 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And the fairness index is at least 0.95
    And the aggregate goodput is within 10% of 80 Mbit/s
    And the aggregate goodput is at least 72 Mbit/s

  Scenario: A per-client limit caps each client below its fair share
    Given 5 clients
    And the router's downstream is shaped to 200 Mbit/s
    And each client is limited to 20 Mbit/s
    And a file of 4 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And no client exceeded 20 Mbit/s
    And the fairness index is at least 0.95
