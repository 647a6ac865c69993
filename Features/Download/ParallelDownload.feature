@download
Feature: Parallel download
  N virtual clients, each its own network namespace behind the router, download the same file at the same moment,
  each bounded by a timeout. This is the suite's main job.

  @smoke
  Scenario: Ten clients download the file in parallel
    Given 10 clients
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file
    And the byte counts match what the server sent
    And the clients started within 1000 ms of each other
    And the slowest client finished within 30 seconds

  Scenario Outline: <clients> clients download a <size> MB file in parallel
    Given <clients> clients
    And a file of <size> MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file
    And the byte counts match what the server sent

    Examples:
      | clients | size |
      | 10      | 64   |
      | 25      | 32   |
      | 50      | 16   |

  Scenario: The native engine reads every client's download in-process, counted to the byte
    Given 10 clients
    And the clients download with the Native engine
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file
    And the byte counts match what the server sent
    And the clients started within 200 ms of each other

  Scenario: Clients download over https with the lab's own certificate authority
    Given 10 clients
    And the download uses https
    When all clients start parallel download
    Then every client completes the download within the timeout
    And every client received the whole file
