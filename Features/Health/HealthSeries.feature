@health @healthcharts @explicit
Feature: Health series of short and long downloads
  The per-scenario health chart (health.png) and the throughput-over-time chart with the router link's counters
  beside the clients' own figure, for downloads of about 1.5, 5 and 30 seconds (shaped, so the durations hold on any
  host that can move 1 Gbit/s). Tagged @explicit: run them with `sudo dotnet test --filter TestCategory=healthcharts`
  and look at results/latest/*/.

  Scenario: Ten clients download a 16 MB file at 1000 Mbit/s (about 1.5 s)
    Given 10 clients
    And the router's downstream is shaped to 1000 Mbit/s
    And a file of 16 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And a health sample covers the download

  Scenario: Ten clients download a 64 MB file at 1000 Mbit/s (about 5 s)
    Given 10 clients
    And the router's downstream is shaped to 1000 Mbit/s
    And a file of 64 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And a health sample covers the download

  Scenario: Ten clients download a 32 MB file at 100 Mbit/s (about 30 s)
    Given 10 clients
    And the router's downstream is shaped to 100 Mbit/s
    And a file of 32 MB
    When all clients start parallel download
    Then every client completes the download within the timeout
    And a health sample covers the download
    And the suite itself used less than 50% of the CPU
