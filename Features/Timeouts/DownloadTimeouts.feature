@timeout
Feature: Download timeouts
  A client that cannot finish within the timeout is killed and reported interrupted, with the bytes it did get.

  Scenario: A slow link and a short timeout interrupt every client
    Given 10 clients
    And the router's downstream is shaped to 40 Mbit/s
    And a file of 64 MB
    And a download timeout of 3 seconds
    When all clients start parallel download
    Then every client is interrupted after about 3 seconds
    And every client received part of the file
    And the byte counts match what the server sent
