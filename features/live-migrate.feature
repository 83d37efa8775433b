@action:os-migrateLive
Feature: Live-migrate a server to another host
  Traces to api-ref servers-admin-action.inc, "Live-Migrate Server (os-migrateLive Action)": moves a
  server to a new host without rebooting; host null lets the scheduler choose. From 2.25
  block_migration may be "auto" and disk_over_commit is gone; force exists from 2.30 and is no longer
  accepted from 2.68 (parameters.yaml force_live_migrate). Policy: admin only by default. Normal response
  code 202, no body; error codes 400, 401, 403, 404, 409. Real Nova accepts ACTIVE and PAUSED servers
  (check_instance_state(vm_state=[ACTIVE, PAUSED])) and they keep their status on the new host.
  Needs a second compute host that is up and enabled.

  @id:live-migrate-normal @aspect:code @aspect:body
  Scenario Outline: The admin live-migrates a server that is <status>
    Given a server owned by the member
    And the server is <status>
    And the cloud has another compute host
    When the admin live-migrates the server
    Then the response code is 202
    And the response has no body
    And the server settles in <status>
    And the server runs on another host

    Examples:
      | status |
      | ACTIVE |
      | PAUSED |

  @id:live-migrate-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Live migration is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the admin live-migrates the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status    |
      | SHUTOFF   |
      | SUSPENDED |

  @id:live-migrate-policy @aspect:policy
  Scenario: The owner may not live-migrate a server
    Given a server owned by the member
    When the owner live-migrates the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still ACTIVE

  @id:live-migrate-missing @aspect:code
  Scenario: The admin live-migrates a server that does not exist
    When the admin live-migrates a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:live-migrate-2.24 @aspect:microversions
  Scenario: Up to 2.24 the request carries disk_over_commit
    Given microversion 2.24
    And a server owned by the member
    And the cloud has another compute host
    When the admin live-migrates the server (with disk_over_commit)
    Then the response code is 202
    And the microversion headers echo 2.24
    And the server settles in ACTIVE
    And the server runs on another host

  @id:live-migrate-refused-fields @aspect:microversions
  Scenario Outline: At <microversion> a request with <field> is refused
    Given microversion <microversion>
    And a server owned by the member
    When the admin posts this body to the server's action URL:
      """
      <body>
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

    Examples:
      | microversion | field            | body                                                                                      |
      | 2.25         | disk_over_commit | {"os-migrateLive": {"host": null, "block_migration": "auto", "disk_over_commit": false}} |
      | 2.29         | force            | {"os-migrateLive": {"host": null, "block_migration": "auto", "force": true}}            |
      | 2.68         | force            | {"os-migrateLive": {"host": null, "block_migration": "auto", "force": true}}            |

  @id:live-migrate-2.25 @aspect:microversions
  Scenario: From 2.25 the admin live-migrates to a named host with block_migration auto
    Given microversion 2.25
    And a server owned by the member
    When the admin live-migrates the server (to another host)
    Then the response code is 202
    And the server settles in ACTIVE
    And the server runs on another host

  @id:live-migrate-forced @aspect:microversions
  Scenario Outline: At <microversion> the admin may force a live migration to a named host
    Given microversion <microversion>
    And a server owned by the member
    When the admin live-migrates the server (forced to another host)
    Then the response code is 202
    And the server settles in ACTIVE
    And the server runs on another host

    Examples:
      | microversion |
      | 2.30         |
      | 2.67         |
