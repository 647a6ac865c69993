@upload
Feature: Uploads, and downloads and uploads at once
  Home links are asymmetric: the upstream is 5 to 20 times slower than the downstream, and the router's queue in front
  of it is where bufferbloat is worst. Every client POSTs a file of the scenario's size to the server, held at the
  start gate and released at one instant like downloads; the embedded server discards the body and records what it
  read from each client. The embedded router's upstream is its egress toward the server (the WAN side), shaped like its
  downstream: one htb cap shared by all clients, each with its own queue. tc counts whole frames, so upload goodput tops
  out near 1448/1514 of the cap (20 Mbit/s: 19.1). The clients and the server send with cubic (Lab:CongestionControl),
  the Linux default, which fills a drop-tail queue.

  Upload latency comes from the uploading clients' echoes to the server: their path crosses the upstream queue, which
  an echo to the gateway never does. A full queue of N frames drains in N × 1514 B × 8 / rate (1000 frames at
  20 Mbit/s: 606 ms; 50 frames: 30 ms).

  Scenario: Ten clients share a 20 Mbit/s upstream fairly, counted to the byte
    Given 10 clients
    And the router's upstream is shaped to 20 Mbit/s
    And a file of 16 MB
    And a download timeout of 120 seconds
    When all clients start parallel upload
    Then every client completes the upload within the timeout
    And the byte counts match what the server received
    And the aggregate upload goodput is within 5% of the router's upstream rate
    And the upload fairness index is at least 0.9

  Scenario: A deep upstream queue makes everything else wait behind an upload
    Given 1 client
    And the router's upstream is shaped to 20 Mbit/s
    And the router's upstream queue holds 1000 packets
    And a file of 48 MB
    And a download timeout of 120 seconds
    When all clients start parallel upload
    Then every client completes the upload within the timeout
    And the latency added by the upload was at least 364 ms
    And the bufferbloat grade under upload is at most D

  Scenario: A short upstream queue keeps round trips short while uploading
    Given 1 client
    And the router's upstream is shaped to 20 Mbit/s
    And the router's upstream queue holds 50 packets
    And a file of 24 MB
    When all clients start parallel upload
    Then every client completes the upload within the timeout
    And the latency added by the upload stayed below 40 ms
    And the bufferbloat grade under upload is at least B

  Scenario: Downloads and uploads at once each keep near their own shaped rate
    Given 10 clients
    And the router's downstream is shaped to 100 Mbit/s
    And the router's upstream is shaped to 20 Mbit/s
    And the router sends TCP ACKs ahead of its upstream queues
    And a file of 8 MB
    When all clients download and upload at once
    Then every client completes the download within the timeout
    And every client completes the upload within the timeout
    And the byte counts match what the server sent
    And the byte counts match what the server received
    And the aggregate goodput is within 10% of the router's rate
    And the aggregate upload goodput is within 10% of the router's upstream rate
