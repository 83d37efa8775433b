@action:changePassword
Feature: Change the administrative password of a server
  Traces to api-ref servers-actions.inc, "Change Administrative Password (changePassword Action)":
  changes the administrative password; policy admin or owner. Normal response code 202, no body.
  Error codes 400, 401, 403, 404, 409, 501.
  Real Nova (set_admin_password, check_instance_state(vm_state=[ACTIVE])) accepts it from ACTIVE only,
  which the api-ref does not say; the catalogue records that (its realNova note), and every other
  status is 409 (a representative set is checked here). A member acting on a server an admin locked
  gets 409 too.

  @id:change-password-normal @aspect:code @aspect:body
  Scenario: The owner changes the password of an active server
    Given a server owned by the member
    When the owner changes the password of the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:change-password-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Changing the password is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner changes the password of the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status            |
      | SHUTOFF           |
      | PAUSED            |
      | RESCUE            |
      | SHELVED           |
      | ERROR             |

  @id:change-password-missing @aspect:code
  Scenario: The owner changes the password of a server that does not exist
    When the owner changes the password of a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:change-password-invalid @aspect:code
  Scenario: A changePassword body without adminPass is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"changePassword": {}}
      """
    Then the response code is 400
    And the error kind is badRequest

  @id:change-password-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's new password, and the admin may change it
    Given a server owned by the member
    And the admin has locked the server
    When the owner changes the password of the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin changes the password of the server
    Then the response code is 202
    And the server settles in ACTIVE
