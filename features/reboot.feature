@action:reboot
Feature: Reboot a server, soft or hard
  Traces to api-ref servers-actions.inc, "Reboot Server (reboot Action)": a SOFT reboot needs
  status ACTIVE; a HARD reboot needs ACTIVE, ERROR, HARD_REBOOT, PAUSED, REBOOT, SHUTOFF or
  SUSPENDED. Afterwards the status is ACTIVE. If the server is locked, administrator
  privileges are needed. Normal response code 202, no body. Error codes 401, 403, 404, 409.

  Background:
    Given a server owned by the member

  @id:reboot-soft @aspect:code @aspect:body
  Scenario: The owner soft-reboots an active server
    When the owner reboots the server (SOFT)
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:reboot-hard @aspect:code @aspect:body
  Scenario Outline: The owner hard-reboots a server that is <status>
    Given the server is <status>
    When the owner reboots the server (HARD)
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

    Examples:
      | status    |
      | ACTIVE    |
      | ERROR     |
      | PAUSED    |
      | SHUTOFF   |
      | SUSPENDED |

  @id:reboot-soft-conflict @aspect:preconditions
  Scenario Outline: A soft reboot is refused while the server is <status>
    Given the server is <status>
    When the owner reboots the server (SOFT)
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

  @id:reboot-hard-conflict @aspect:preconditions
  Scenario Outline: A hard reboot is refused while the server is <status>
    Given the server is <status>
    When the owner reboots the server (HARD)
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | RESCUE            |
      | VERIFY_RESIZE     |
      | SHELVED           |
      | SHELVED_OFFLOADED |
      | SOFT_DELETED      |

  @id:reboot-missing @aspect:code
  Scenario: The owner reboots a server that does not exist
    When the owner reboots a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:reboot-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's reboot, and the admin may reboot it
    Given the admin has locked the server
    When the owner reboots the server (HARD)
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin reboots the server (HARD)
    Then the response code is 202
    And the server settles in ACTIVE

  @id:reboot-microversion @aspect:microversions
  Scenario Outline: Reboot answers alike at microversion <microversion> and echoes it
    Given microversion <microversion>
    When the owner reboots the server (SOFT)
    Then the response code is 202
    And the microversion headers echo <microversion>
    And the server settles in ACTIVE

    Examples:
      | microversion |
      | 2.1          |
      | latest       |
