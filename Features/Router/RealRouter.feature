@router @explicit
Feature: Real router
  On the Pi in the QA lab, the clients' bridge enslaves the Pi's Ethernet port to the router under test; clients get
  their addresses from the router's DHCP server and download the configured URL through it. Excluded from a plain
  `dotnet test`; run it with `sudo dotnet test --filter TestCategory=router` after setting Lab:Mode to Uplink,
  Lab:UplinkInterface and Download:Url (see README, "Running against the real router").

  Scenario: Clients behind the real router download the configured file in parallel
    Given the clients are attached to the real router
    And 10 clients that get their address by DHCP
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file
