@action:pause @action:unpause
Feature: Pause and unpause a server
  Traces to api-ref servers-actions.inc, "Pause Server (pause Action)" and
  "Unpause Server (unpause Action)": pause changes an ACTIVE server's status to PAUSED,
  unpause changes a PAUSED server back to ACTIVE. Normal response code 202, no body.
  Error codes 401, 403, 404, 409, 501. Policy: admin or owner.

  Background:
    Given a server owned by the member

  @id:pause-normal @aspect:code @aspect:body
  Scenario: The owner pauses an active server
    When the owner pauses the server
    Then the response code is 202
    And the response has no body
    And the server settles in PAUSED

  @id:unpause-normal @aspect:code @aspect:body
  Scenario: The owner unpauses a paused server
    Given the server is PAUSED
    When the owner unpauses the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:pause-conflict @aspect:preconditions
  Scenario Outline: Pause is refused while the server is <status>
    Given the server is <status>
    When the owner pauses the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | PAUSED            |
      | SUSPENDED         |
      | SHUTOFF           |
      | RESCUE            |
      | VERIFY_RESIZE     |
      | SHELVED           |
      | SHELVED_OFFLOADED |
      | ERROR             |
      | SOFT_DELETED      |

  @id:unpause-conflict @aspect:preconditions
  Scenario Outline: Unpause is refused while the server is <status>
    Given the server is <status>
    When the owner unpauses the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | ACTIVE            |
      | SUSPENDED         |
      | SHUTOFF           |
      | RESCUE            |
      | VERIFY_RESIZE     |
      | SHELVED           |
      | SHELVED_OFFLOADED |
      | ERROR             |
      | SOFT_DELETED      |

  @id:pause-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb     |
      | pauses   |
      | unpauses |

  @id:pause-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's pause, and the admin may pause it
    Given the admin has locked the server
    When the owner pauses the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin pauses the server
    Then the response code is 202
    And the server settles in PAUSED

  @id:unpause-locked @aspect:lock
  Scenario: A paused server the admin locked refuses the owner's unpause, and the admin may unpause it
    Given the server is PAUSED
    And the admin has locked the server
    When the owner unpauses the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin unpauses the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:pause-microversion @aspect:microversions
  Scenario Outline: Pause answers alike at microversion <microversion> and echoes it
    Given microversion <microversion>
    When the owner pauses the server
    Then the response code is 202
    And the microversion headers echo <microversion>
    And the server settles in PAUSED

    Examples:
      | microversion |
      | 2.1          |
      | latest       |
