@action:lock @action:unlock
Feature: Lock and unlock a server
  Traces to api-ref servers-actions.inc, "Lock Server (lock Action)" and "Unlock Server
  (unlock Action)": most actions by non-admin users are refused on a locked server, while
  administrators may still act; administrators can overwrite the owner's lock. From
  microversion 2.73 a reason may be given, and GET shows `locked` and `locked_reason`.
  Normal response code 202, no body. Error codes 401, 403, 404.

  Background:
    Given a server owned by the member

  @id:lock-normal @aspect:code @aspect:body
  Scenario: The owner locks and unlocks the server
    When the owner locks the server
    Then the response code is 202
    And the response has no body
    And the server is locked
    When the owner unlocks the server
    Then the response code is 202
    And the response has no body
    And the server is not locked

  @id:lock-missing @aspect:code
  Scenario Outline: The owner <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb    |
      | locks   |
      | unlocks |

  @id:lock-admin-overrides @aspect:lock
  Scenario: The owner cannot unlock a lock the admin set, and the admin can
    Given the admin has locked the server
    When the owner unlocks the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is locked
    When the admin unlocks the server
    Then the response code is 202
    And the server is not locked

  @id:lock-reason @aspect:microversions
  Scenario: From 2.73 a lock carries a reason that GET shows
    Given microversion 2.73
    When the owner locks the server (with reason)
    Then the response code is 202
    And the server is locked with the reason that was given

  @id:lock-no-reason-field @aspect:microversions
  Scenario: Below 2.73 GET shows `locked` but no `locked_reason` field
    Given microversion 2.72
    When the owner locks the server
    Then the response code is 202
    And the server is locked
    And the server shows no locked_reason field

  @id:lock-reason-null @aspect:microversions
  Scenario: A lock without a reason shows locked_reason null from 2.73
    Given microversion 2.73
    When the owner locks the server
    Then the response code is 202
    And the server is locked with no reason

  @id:lock-microversion @aspect:microversions
  Scenario Outline: Lock answers alike at microversion <microversion> and echoes it
    Given microversion <microversion>
    When the owner locks the server
    Then the response code is 202
    And the microversion headers echo <microversion>

    Examples:
      | microversion |
      | 2.1          |
      | latest       |
