@download @fleet
Feature: Start at a wall-clock instant
  Several hosts on one router start together when each is given the same instant: Download:StartAt (what the CI
  example passes every host) or the step with an ISO-8601 instant such as "2026-12-02T03:00:00Z". Each host checks
  its clock is synchronised first. "now + N s" tries the start on one host, on its own clock.

  Scenario: The clients wait for the instant and leave on it
    Given 3 clients
    And a file of 4 MB
    And the download starts at "now + 8 s"
    When all clients start parallel download
    Then every client completes the download within the timeout
    And the clients were released within 50 ms of the start instant
