@action:os-stop @action:os-start
Feature: Stop and start a server
  Traces to api-ref servers-actions.inc, "Stop Server (os-stop Action)" and
  "Start Server (os-start Action)": os-stop needs status ACTIVE or ERROR and changes it to
  SHUTOFF; os-start needs status SHUTOFF and changes it to ACTIVE. If the server is locked,
  administrator privileges are needed. Normal response code 202, no body. Error codes
  401, 403, 404, 409.

  Background:
    Given a server owned by the member

  @id:stop-normal @aspect:code @aspect:body
  Scenario Outline: The owner stops a server that is <status>
    Given the server is <status>
    When the owner stops the server
    Then the response code is 202
    And the response has no body
    And the server settles in SHUTOFF

    Examples:
      | status |
      | ACTIVE |
      | ERROR  |

  @id:start-normal @aspect:code @aspect:body
  Scenario: The owner starts a stopped server
    Given the server is SHUTOFF
    When the owner starts the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:stop-conflict @aspect:preconditions
  Scenario Outline: Stop is refused while the server is <status>
    Given the server is <status>
    When the owner stops the server
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
      | SOFT_DELETED      |

  @id:start-conflict @aspect:preconditions
  Scenario Outline: Start is refused while the server is <status>
    Given the server is <status>
    When the owner starts the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | ACTIVE            |
      | PAUSED            |
      | SUSPENDED         |
      | RESCUE            |
      | VERIFY_RESIZE     |
      | SHELVED           |
      | SHELVED_OFFLOADED |
      | ERROR             |
      | SOFT_DELETED      |

  @id:stop-missing @aspect:code
  Scenario Outline: The owner <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb   |
      | stops  |
      | starts |

  @id:stop-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's stop, and the admin may stop it
    Given the admin has locked the server
    When the owner stops the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin stops the server
    Then the response code is 202
    And the server settles in SHUTOFF

  @id:start-locked @aspect:lock
  Scenario: A stopped server the admin locked refuses the owner's start, and the admin may start it
    Given the server is SHUTOFF
    And the admin has locked the server
    When the owner starts the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin starts the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:stop-microversion @aspect:microversions
  Scenario Outline: Stop answers alike at microversion <microversion> and echoes it
    Given microversion <microversion>
    When the owner stops the server
    Then the response code is 202
    And the microversion headers echo <microversion>
    And the server settles in SHUTOFF

    Examples:
      | microversion |
      | 2.1          |
      | latest       |
