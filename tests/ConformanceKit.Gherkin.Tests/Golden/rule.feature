@feature-tag
Feature: Rules
  Background:
    Given a server in ACTIVE

  @id:outside-rule
  Scenario: Before any rule
    When the owner pauses the server

  @rule-tag
  Rule: Only an admin may lock
    Background:
      Given the caller is an admin

    @id:lock-admin @slow
    Scenario: Admin locks the server
      When the caller locks the server
      Then the response code is 202

  Rule: Unlocking
    @id:unlock
    Scenario: Admin unlocks the server
      When the caller unlocks the server
