@ipv6
Feature: IPv6 clients
  Every home router sold today is dual-stack, and its IPv6 is a separate code path from its IPv4: router
  advertisements (SLAAC) and DHCPv6 instead of DHCP, IPv6 forwarding and firewalling instead of NAT and conntrack.
  These clients take their IPv6 address as devices do (the embedded router advertises a ULA /64, random per run, and
  serves DHCPv6 when asked) and download over IPv6 through the same shaper, per-client classes and queues as IPv4.

  Scenario: Twenty SLAAC clients share an 80 Mbit/s router fairly over IPv6
    Given 20 clients that get their IPv6 address by SLAAC
    And the router's downstream is shaped to 80 Mbit/s
    And the download uses IPv6
    And a file of 3 MB
    When all clients start parallel download
    Then every client got an IPv6 address within 10 seconds
    And every client has its own IPv6 address
    And every client completes the download within the timeout
    And every client downloaded over IPv6
    And the byte counts match what the server sent
    And the fairness index is at least 0.95
    And the aggregate goodput is within 5% of the router's rate

  Scenario: Twenty DHCPv6 clients share an 80 Mbit/s router fairly over IPv6
    Given 20 clients that get their IPv6 address by DHCPv6
    And the router's downstream is shaped to 80 Mbit/s
    And the download uses IPv6
    And the clients download with the native engine
    And a file of 3 MB
    When all clients start parallel download
    Then every client got an IPv6 address within 10 seconds
    And every client has its own IPv6 address
    And every client completes the download within the timeout
    And every client downloaded over IPv6
    And the byte counts match what the server sent
    And the fairness index is at least 0.95
    And the aggregate goodput is within 5% of the router's rate

  # The cap is the client's own bridge port (a tbf), so it holds whatever family the client speaks: the same clients
  # once over each family.
  Scenario: A per-client cap holds over IPv6 for dual-stack clients
    Given 5 dual-stack clients
    And the router's downstream is shaped to 200 Mbit/s
    And each client is limited to 5 Mbit/s
    And the download uses IPv6
    And a file of 2 MB
    When all clients start parallel download
    Then every client has its own IPv6 address
    And every client got a lease within the DHCP timeout
    And every client completes the download within the timeout
    And every client downloaded over IPv6
    And no client exceeded 5 Mbit/s
    And the fairness index is at least 0.95

  Scenario: The same per-client cap holds over IPv4 for dual-stack clients
    Given 5 dual-stack clients
    And the router's downstream is shaped to 200 Mbit/s
    And each client is limited to 5 Mbit/s
    And the download uses IPv4
    And a file of 2 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And no client exceeded 5 Mbit/s
    And the fairness index is at least 0.95

  Scenario: Bufferbloat is measured over IPv6 as over IPv4
    The probes go over the download's family: ICMPv6 echoes to the router (its advertised link-local address) and the
    server, TCP connects to the server over IPv6. A 1000-frame queue behind a 50 Mbit/s share drains in 242 ms, as
    in the IPv4 feature "Latency under load".
    Given 2 clients that get their IPv6 address by SLAAC
    And the router's downstream is shaped to 100 Mbit/s
    And the server's TCP congestion control is cubic
    And the router's queue holds 1000 packets
    And the download uses IPv6
    And a file of 64 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client downloaded over IPv6
    And the bufferbloat grade is at most C
    But the latency under load stayed below 400 ms
