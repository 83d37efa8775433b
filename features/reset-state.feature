@action:os-resetState
Feature: Reset the state of a server
  Traces to api-ref servers-admin-action.inc, "Reset Server State (os-resetState Action)": resets the
  state of a server to "active" or "error" (parameters.yaml: state, required, one of those two). No
  precondition on the server's status. Policy: admin only by default. Normal response code 202, no body;
  error codes 400, 401, 403, 404 (400 for a state outside the enum, as real Nova's schema enforces).

  @id:reset-state-error @aspect:code @aspect:body
  Scenario Outline: The admin resets a server that is <status> to error
    Given a server owned by the member
    And the server is <status>
    When the admin resets the state of the server (error)
    Then the response code is 202
    And the response has no body
    And the server settles in ERROR

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |
      | PAUSED  |

  @id:reset-state-active @aspect:code @aspect:body
  Scenario Outline: The admin resets a server that is <status> to active
    Given a server owned by the member
    And the server is <status>
    When the admin resets the state of the server (active)
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

    Examples:
      | status |
      | ERROR  |
      | ACTIVE |

  @id:reset-state-policy @aspect:policy
  Scenario: The owner may not reset the state of a server
    Given a server owned by the member
    When the owner resets the state of the server (error)
    Then the response code is 403
    And the error kind is forbidden
    And the server is still ACTIVE

  @id:reset-state-missing @aspect:code
  Scenario: The admin resets the state of a server that does not exist
    When the admin resets the state of a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:reset-state-invalid @aspect:code
  Scenario: A state other than active or error is refused
    Given a server owned by the member
    When the admin posts this body to the server's action URL:
      """
      {"os-resetState": {"state": "stopped"}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE
