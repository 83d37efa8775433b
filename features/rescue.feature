@action:rescue @action:unrescue
Feature: Rescue and unrescue a server
  Traces to api-ref servers-actions.inc, "Rescue Server (rescue Action)" and "Unrescue Server (unrescue
  Action)": rescue puts a server in rescue mode (status RESCUE) and answers 200 with {"adminPass": …}
  (parameters.yaml adminPass_rescue_response); unrescue returns a RESCUE server to ACTIVE with 202 and no
  body. rescue: error codes 400, 401, 403, 404, 409, 501; unrescue: 401, 403, 404, 409, 501. The body of
  rescue may be null or hold adminPass and rescue_image_ref, nothing else.
  Preconditions as real Nova enforces them: rescue from ACTIVE, SHUTOFF or ERROR
  (check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR])), unrescue from RESCUE only; both check the lock.

  @id:rescue-normal @aspect:code @aspect:body
  Scenario Outline: The owner rescues a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner rescues the server
    Then the response code is 200
    And the body carries an adminPass
    And the server settles in RESCUE

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |
      | ERROR   |

  @id:unrescue-normal @aspect:code @aspect:body
  Scenario: The owner unrescues a rescued server
    Given a server owned by the member
    And the server is RESCUE
    When the owner unrescues the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:rescue-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Rescue is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner rescues the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status    |
      | RESCUE    |
      | PAUSED    |
      | SUSPENDED |
      | SHELVED   |

  @id:unrescue-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Unrescue is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner unrescues the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |
      | ERROR   |

  @id:rescue-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb       |
      | rescues    |
      | unrescues  |

  @id:rescue-invalid @aspect:code
  Scenario: A rescue body with an unknown field is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"rescue": {"adminPassword": "not-the-documented-field"}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

  @id:rescue-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's rescue, and the admin may rescue it
    Given a server owned by the member
    And the admin has locked the server
    When the owner rescues the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin rescues the server
    Then the response code is 200
    And the server settles in RESCUE

  @id:unrescue-locked @aspect:lock
  Scenario: A rescued server the admin locked refuses the owner's unrescue, and the admin may unrescue it
    Given a server owned by the member
    And the server is RESCUE
    And the admin has locked the server
    When the owner unrescues the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin unrescues the server
    Then the response code is 202
    And the server settles in ACTIVE
