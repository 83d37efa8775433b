@action:migrate
Feature: Cold-migrate a server to another host
  Traces to api-ref servers-admin-action.inc, "Migrate Server (migrate Action)": migrates a server to a
  host; a successfully migrated server shows VERIFY_RESIZE. Up to 2.55 the scheduler chooses the host;
  from 2.56 the host parameter names it. Policy: admin only by default. Normal response code 202, no
  body; error codes 400, 401, 403, 404, 409. Real Nova applies no body schema before 2.56 (a host
  given there is ignored), so the 2.55 side is checked with the scheduler's choice. Real Nova migrates through its resize path
  (check_instance_state(vm_state=[ACTIVE, STOPPED])), so other statuses are 409.
  Needs a second compute host that is up and enabled; scenarios that ask for one skip where there is none.

  @id:migrate-normal @aspect:code @aspect:body
  Scenario Outline: The admin migrates a server that is <status>
    Given a server owned by the member
    And the server is <status>
    And the cloud has another compute host
    When the admin migrates the server
    Then the response code is 202
    And the response has no body
    And the server settles in VERIFY_RESIZE
    And the server runs on another host

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:migrate-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Migration is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the admin migrates the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status    |
      | PAUSED    |
      | SUSPENDED |
      | SHELVED   |

  @id:migrate-policy @aspect:policy
  Scenario: The owner may not migrate a server
    Given a server owned by the member
    When the owner migrates the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still ACTIVE

  @id:migrate-missing @aspect:code
  Scenario: The admin migrates a server that does not exist
    When the admin migrates a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:migrate-before-2.56 @aspect:microversions
  Scenario: Up to 2.55 the scheduler chooses the host
    Given microversion 2.55
    And a server owned by the member
    And the cloud has another compute host
    When the admin migrates the server
    Then the response code is 202
    And the microversion headers echo 2.55
    And the server settles in VERIFY_RESIZE
    And the server runs on another host

  @id:migrate-invalid @aspect:code
  Scenario: From 2.56 a migrate body with a field other than host is refused
    Given microversion 2.56
    And a server owned by the member
    When the admin posts this body to the server's action URL:
      """
      {"migrate": {"destination": "compute2"}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

  @id:migrate-from-2.56 @aspect:microversions
  Scenario: From 2.56 the admin migrates a server to a named host
    Given microversion 2.56
    And a server owned by the member
    When the admin migrates the server (to another host)
    Then the response code is 202
    And the microversion headers echo 2.56
    And the server settles in VERIFY_RESIZE
    And the server runs on another host
