@action:trigger_crash_dump
Feature: Trigger a crash dump in a server
  Traces to api-ref servers-action-crash-dump.inc, "Trigger Crash Dump In Server" (versionadded 2.17):
  normal response code 202, no body (the request's value must be null); error codes 400, 401, 403, 404, 409 — "409 is returned if the
  server is not in a state where a crash dump action is allowed". Below 2.17 the action does not exist.
  The api-ref does not list those states; real Nova's vm_states.ALLOW_TRIGGER_CRASH_DUMP does (ACTIVE,
  PAUSED, RESCUE, VERIFY_RESIZE, ERROR), and the catalogue records them (its realNova note). The compute
  API checks the lock, so a member gets 409 on a server an admin locked.

  @id:crash-dump-normal @aspect:code @aspect:body
  Scenario Outline: The owner triggers a crash dump in a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner triggers a crash dump in the server
    Then the response code is 202
    And the response has no body
    And the server settles in <status>

    Examples:
      | status        |
      | ACTIVE        |
      | PAUSED        |
      | RESCUE        |
      | VERIFY_RESIZE |
      | ERROR         |

  @id:crash-dump-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: A crash dump is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner triggers a crash dump in the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | SHUTOFF           |
      | SUSPENDED         |
      | SHELVED           |

  @id:crash-dump-missing @aspect:code
  Scenario: The owner triggers a crash dump in a server that does not exist
    When the owner triggers a crash dump in a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:crash-dump-invalid @aspect:code
  Scenario: A trigger_crash_dump body that is not null is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"trigger_crash_dump": {}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

  @id:crash-dump-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's crash dump, and the admin may trigger one
    Given a server owned by the member
    And the admin has locked the server
    When the owner triggers a crash dump in the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin triggers a crash dump in the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:crash-dump-before-2.17 @aspect:microversions
  Scenario: Below 2.17 the action does not exist
    Given microversion 2.16
    And a server owned by the member
    When the owner triggers a crash dump in the server outside the action's microversions
    Then the response code is 404
    And the error kind is itemNotFound
    And the server is still ACTIVE

  @id:crash-dump-from-2.17 @aspect:microversions
  Scenario: From 2.17 the action exists
    Given microversion 2.17
    And a server owned by the member
    When the owner triggers a crash dump in the server
    Then the response code is 202
    And the microversion headers echo 2.17
