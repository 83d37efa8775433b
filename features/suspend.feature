@action:suspend @action:resume
Feature: Suspend and resume a server
  Traces to api-ref servers-actions.inc, "Suspend Server (suspend Action)" and
  "Resume Suspended Server (resume Action)": suspend changes the status to SUSPENDED, resume
  changes a suspended server to ACTIVE. Normal response code 202, no body. Error codes
  401, 403, 404, 409. Policy: admin or owner.

  Background:
    Given a server owned by the member

  @id:suspend-normal @aspect:code @aspect:body
  Scenario: The owner suspends an active server
    When the owner suspends the server
    Then the response code is 202
    And the response has no body
    And the server settles in SUSPENDED

  @id:resume-normal @aspect:code @aspect:body
  Scenario: The owner resumes a suspended server
    Given the server is SUSPENDED
    When the owner resumes the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:suspend-conflict @aspect:preconditions
  Scenario Outline: Suspend is refused while the server is <status>
    Given the server is <status>
    When the owner suspends the server
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

  @id:resume-conflict @aspect:preconditions
  Scenario Outline: Resume is refused while the server is <status>
    Given the server is <status>
    When the owner resumes the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | ACTIVE            |
      | PAUSED            |
      | SHUTOFF           |
      | RESCUE            |
      | VERIFY_RESIZE     |
      | SHELVED           |
      | SHELVED_OFFLOADED |
      | ERROR             |
      | SOFT_DELETED      |

  @id:suspend-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb     |
      | suspends |
      | resumes  |

  @id:suspend-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's suspend, and the admin may suspend it
    Given the admin has locked the server
    When the owner suspends the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin suspends the server
    Then the response code is 202
    And the server settles in SUSPENDED

  @id:resume-locked @aspect:lock
  Scenario: A suspended server the admin locked refuses the owner's resume, and the admin may resume it
    Given the server is SUSPENDED
    And the admin has locked the server
    When the owner resumes the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin resumes the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:suspend-microversion @aspect:microversions
  Scenario Outline: Suspend answers alike at microversion <microversion> and echoes it
    Given microversion <microversion>
    When the owner suspends the server
    Then the response code is 202
    And the microversion headers echo <microversion>
    And the server settles in SUSPENDED

    Examples:
      | microversion |
      | 2.1          |
      | latest       |
