@dhcp
Feature: DHCP
  Clients get their address from the router's DHCP server, as real devices do.

  Scenario: Every client gets a lease from the router
    Given 10 clients that get their address by DHCP
    Then every client got a lease within 5 seconds
    And every client has its own address
    When all clients start parallel download
    Then every client completes the download within the timeout
