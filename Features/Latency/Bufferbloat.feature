@latency
Feature: Latency under load
  A router that keeps its link full can still make every call, game and page load wait: packets queue in front of
  the bottleneck, and a deep queue holds many milliseconds of traffic (bufferbloat). While the clients download,
  probes inside a few of them time ICMP round trips to the gateway and the server every 100 ms, after a 3 s idle
  baseline; the latency the load adds (loaded median minus idle median) gets the DSLReports/LibreQoS grade.

  The embedded router's downstream is shaped to 100 Mbit/s and shared by two clients, 50 Mbit/s each, each with its
  own queue: a full queue of N frames drains in N × 1514 B × 8 / 50 Mbit/s (1000 frames: 242 ms; 50 frames: 12 ms).
  The server sends with cubic, the Linux default, which fills a drop-tail queue; BBR would keep it nearly empty.

  Background:
    Given 2 clients
    And the router's downstream is shaped to 100 Mbit/s
    And the server's TCP congestion control is cubic
    And a file of 64 MB

  Scenario: A deep queue makes the clients wait and grades badly
    Given the router's queue holds 1000 packets
    When all clients start parallel download
    Then every client completes the download within the timeout
    And the bufferbloat grade is at most C
    But the latency under load stayed below 400 ms

  Scenario: A short queue keeps the round trips short and grades well
    Given the router's queue holds 50 packets
    When all clients start parallel download
    Then every client completes the download within the timeout
    And the bufferbloat grade is at least A
    And the latency added by the load stayed below 20 ms
    And the latency under load stayed below 30 ms
    And the responsiveness is at least 3000 RPM
