@servers
Feature: Background steps
  Every scenario starts with the background steps, and And/But/* take the meaning of the step before.

  Background:
    * an endpoint at microversion 2.1
    And a project with quota
    Given a server in ACTIVE

  @id:bg-pause
  Scenario: Pause an active server
    When the owner pauses the server
    And waits for it to settle
    Then the response code is 202
    But no fault is recorded
    * the server is PAUSED

  Scenario: Scenario without an id
    When nothing happens
    Then the server is ACTIVE
