@faults
Feature: Faults
  Loss, delay and a misbehaving server are reported for what they are, never as a timeout or a success.

  Scenario: Packet loss and delay slow the clients down but they finish
    Given 5 clients
    And the router adds 20 ms delay with 5 ms jitter
    And the router drops 1% of packets
    And a file of 2 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file

  Scenario: A server that resets connections mid-transfer
    Given 5 clients
    And the server resets every connection after 1 MB
    When all clients start parallel download
    Then every client fails with outcome NetworkFailure
    And no client is reported interrupted

  Scenario: The server is down
    Given 5 clients
    And the download server is down
    When all clients start parallel download
    Then every client fails with outcome ConnectionRefused within 2 seconds

  Scenario: A file that does not exist
    Given 5 clients
    And the clients download a file that does not exist
    When all clients start parallel download
    Then every client fails with HTTP status 404
