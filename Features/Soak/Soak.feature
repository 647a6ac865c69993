@soak
Feature: Soak
  Rounds of parallel downloads for minutes or hours, the router watched throughout from a client that downloads
  nothing: every round is on disk the moment it ends, and an outage is reported with when it began and how long it
  lasted.

  @faults @dhcp
  Scenario: The router's LAN link goes down for 3 seconds in a one-minute soak, and every lease is renewed on time
    Given the router's DHCP leases last 120 seconds
    And 4 clients that get their address by DHCP
    And the router's downstream is shaped to 40 Mbit/s
    And a file of 2 MB
    And a download timeout of 3 seconds
    And the router's LAN link goes down for 3 seconds at 31 seconds into the soak
    When all clients download in rounds every 5 seconds for 1 minute
    Then the router watch reported the fault's outage within 1 second of its start and length
    And the rounds the fault hit failed with outcome Timeout
    And every round the fault did not hit completed
    And every client renewed its DHCP lease

  @faults
  Scenario: A download server that stops for 2 seconds fails the rounds it hits, while the router stays reachable
    Given 3 clients
    And a file of 1 MB
    And the download server stops for 2 seconds at 5 seconds into the soak
    When all clients download in rounds every 2 seconds for 14 seconds
    Then the rounds the fault hit failed with outcome ConnectionRefused
    And every round the fault did not hit completed
    And there was no outage

  Scenario: Ten rounds back to back hold their goodput
    Given 5 clients
    And the router's downstream is shaped to 100 Mbit/s
    And a file of 2 MB
    When all clients download 10 rounds
    Then every round completed
    And no round's goodput fell below 50% of the first round's
    And the router was never unreachable for more than 1 second

  @faults @dhcp @explicit
  Scenario: The router's DHCP server restarts as the leases fall due, and every client still renews
    Given the router's DHCP leases last 120 seconds
    And 3 clients that get their address by DHCP
    And a file of 1 MB
    And the router's DHCP server stops for 5 seconds at 57 seconds into the soak
    When all clients download in rounds every 5 seconds for 2 minutes
    Then every client renewed its DHCP lease
    And every round completed
    And there was no outage
