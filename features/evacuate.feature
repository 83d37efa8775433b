@action:evacuate
Feature: Evacuate a server from a failed host
  Traces to api-ref servers-action-evacuate.inc, "Evacuate Server (evacuate Action)": evacuates a server
  from a failed host to a new host. Preconditions: the failed host must be fenced and reported down or
  forced down (os-services "Update Forced Down"). Normal response code 200; before 2.14 the body is
  {"adminPass": …} (parameters.yaml adminPass_evacuate), from 2.14 there is no body. The force parameter
  exists from 2.29 and is no longer accepted from 2.68 (parameters.yaml force_evacuate). From 2.95 the server
  stays stopped on the destination. Error codes 400, 401, 403, 404, 409. Policy: admin only.
  Real Nova (reference-nova.md): before 2.14 the body must say onSharedStorage; evacuating from a host
  that is up is 400 "Compute service of … is still in use"; the server is rebuilt on the other host and
  comes back ACTIVE, or SHUTOFF if it was stopped (an ERROR server comes back ACTIVE); real Nova's
  evacuate has check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR]).
  A compute host is taken down (forced down through os-services) only where the endpoint also offers
  the test cloud's control route to restart it afterwards (GET /_control/health); elsewhere these
  scenarios are skipped with that reason. While a host is down no other scenario moves a server.

  @id:evacuate-normal @aspect:code @aspect:body
  Scenario Outline: The admin evacuates a server that is <status> from its failed host
    Given microversion 2.14
    And a server owned by the member
    And the server is <status>
    And the admin has taken the server's host down
    When the admin evacuates the server
    Then the response code is 200
    And the response has no body
    And the server settles in <settled>
    And the server runs on another host

    Examples:
      | status  | settled |
      | ACTIVE  | ACTIVE  |
      | SHUTOFF | SHUTOFF |
      | ERROR   | ACTIVE  |

  @id:evacuate-before-2.14 @aspect:microversions @aspect:body
  Scenario: Up to 2.13 evacuate answers with the server's new adminPass
    Given microversion 2.13
    And a server owned by the member
    And the admin has taken the server's host down
    When the admin evacuates the server (sharing no storage)
    Then the response code is 200
    And the body carries an adminPass
    And the server settles in ACTIVE
    And the server runs on another host

  @id:evacuate-2.94 @aspect:microversions
  Scenario: Up to 2.94 an evacuated server comes back in its power state
    Given microversion 2.94
    And a server owned by the member
    And the admin has taken the server's host down
    When the admin evacuates the server
    Then the response code is 200
    And the server settles in ACTIVE
    And the server runs on another host

  @id:evacuate-2.95 @aspect:microversions
  Scenario: From 2.95 an evacuated server stays stopped on its new host
    Given microversion 2.95
    And a server owned by the member
    And the admin has taken the server's host down
    When the admin evacuates the server
    Then the response code is 200
    And the server settles in SHUTOFF
    And the server runs on another host

  @id:evacuate-forced @aspect:microversions
  Scenario: From 2.29 the admin may force an evacuation to a named host
    Given microversion 2.29
    And a server owned by the member
    And the admin has taken the server's host down
    When the admin evacuates the server (forced to another host)
    Then the response code is 200
    And the response has no body
    And the server settles in ACTIVE
    And the server runs on the host it was sent to

  @id:evacuate-force-refused @aspect:microversions
  Scenario Outline: At <microversion> an evacuate request with force is refused
    Given microversion <microversion>
    And a server owned by the member
    When the admin posts this body to the server's action URL:
      """
      {"evacuate": {"host": "compute2", "force": true}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

    Examples:
      | microversion |
      | 2.28         |
      | 2.68         |

  @id:evacuate-host-up @aspect:preconditions
  Scenario: Evacuating a server whose host is up is refused
    Given a server owned by the member
    When the admin evacuates the server
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE
    And the server runs on a host

  @id:evacuate-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Evacuation is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    And the admin has taken the server's host down
    When the admin evacuates the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status    |
      | PAUSED    |
      | SUSPENDED |

  @id:evacuate-policy @aspect:policy
  Scenario: The owner may not evacuate a server
    Given a server owned by the member
    When the owner evacuates the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still ACTIVE

  @id:evacuate-missing @aspect:code
  Scenario: The admin evacuates a server that does not exist
    When the admin evacuates a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound
