@action:shelve @action:shelveOffload @action:unshelve
Feature: Shelve, shelve-offload and unshelve a server
  Traces to api-ref servers-action-shelve.inc. shelve: status ACTIVE, SHUTOFF, PAUSED or SUSPENDED;
  afterwards SHELVED (SHELVED_OFFLOADED where the cloud sets shelved_offload_time to 0: the reference
  Nova keeps SHELVED). shelveOffload: status SHELVED; afterwards SHELVED_OFFLOADED. unshelve: status
  SHELVED or SHELVED_OFFLOADED; afterwards ACTIVE; with an availability_zone only from SHELVED_OFFLOADED,
  "otherwise HTTP 409". Since 2.77 the unshelve body is null or {"availability_zone": …}; Nova applies
  no schema before 2.77. Normal response code 202 for all three; errors 401, 403, 404, 409 (and 400 for
  unshelve). If the server is locked, only an administrator may shelve, offload or unshelve it.
  From 2.91 an administrator may unshelve an offloaded server to a named host ({"unshelve": {"host": …}});
  up to 2.90 the 2.77 schema allows no host (400).
  Real Nova differs from the api-ref: shelveOffload's default policy is admin only, so the owner gets
  403 (the catalogue's realNova note).

  @id:shelve-normal @aspect:code @aspect:body
  Scenario Outline: The owner shelves a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner shelves the server
    Then the response code is 202
    And the response has no body
    And the server settles in SHELVED

    Examples:
      | status    |
      | ACTIVE    |
      | SHUTOFF   |
      | PAUSED    |
      | SUSPENDED |

  @id:shelve-offload-normal @aspect:code @aspect:body
  Scenario: The admin offloads a shelved server, which then has no host
    Given a server owned by the member
    And the server is SHELVED
    When the admin offloads the server
    Then the response code is 202
    And the response has no body
    And the server settles in SHELVED_OFFLOADED
    And the server has no host

  @id:unshelve-normal @aspect:code @aspect:body
  Scenario Outline: The owner unshelves a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner unshelves the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE
    And the server runs on a host

    Examples:
      | status            |
      | SHELVED           |
      | SHELVED_OFFLOADED |

  @id:shelve-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Shelve is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner shelves the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | RESCUE  |
      | SHELVED |
      | ERROR   |

  @id:shelve-offload-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Offloading is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the admin offloads the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:unshelve-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Unshelve is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner unshelves the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:shelve-offload-policy @aspect:policy
  Scenario: The owner may not offload a shelved server (admin only in real Nova)
    Given a server owned by the member
    And the server is SHELVED
    When the owner offloads the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still SHELVED

  @id:shelve-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the <actor> <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | actor | verb      |
      | owner | shelves   |
      | admin | offloads  |
      | owner | unshelves |

  @id:shelve-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's shelve, and the admin may shelve it
    Given a server owned by the member
    And the admin has locked the server
    When the owner shelves the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin shelves the server
    Then the response code is 202
    And the server settles in SHELVED

  @id:unshelve-locked @aspect:lock
  Scenario: A shelved server the admin locked refuses the owner's unshelve, and the admin may unshelve it
    Given a server owned by the member
    And the server is SHELVED
    And the admin has locked the server
    When the owner unshelves the server
    Then the response code is 409
    And the error kind is conflictingRequest
    When the admin unshelves the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:unshelve-before-2.77 @aspect:microversions
  Scenario: Up to 2.76 the unshelve body is not validated
    Given microversion 2.76
    And a server owned by the member
    And the server is SHELVED
    When the owner posts this body to the server's action URL:
      """
      {"unshelve": {}}
      """
    Then the response code is 202
    And the server settles in ACTIVE

  @id:unshelve-from-2.77-empty @aspect:microversions
  Scenario: From 2.77 an unshelve body that is an object must name an availability_zone
    Given microversion 2.77
    And a server owned by the member
    And the server is SHELVED
    When the owner posts this body to the server's action URL:
      """
      {"unshelve": {}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still SHELVED

  @id:unshelve-from-2.77-az @aspect:microversions @aspect:preconditions
  Scenario: From 2.77 unshelving to an availability zone is refused unless the server is offloaded
    Given microversion 2.77
    And a server owned by the member
    And the server is SHELVED
    When the owner posts this body to the server's action URL:
      """
      {"unshelve": {"availability_zone": "nova"}}
      """
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still SHELVED

  @id:unshelve-before-2.91 @aspect:microversions
  Scenario: Up to 2.90 the unshelve body may not name a host
    Given microversion 2.90
    And a server owned by the member
    And the server is SHELVED_OFFLOADED
    When the admin posts this body to the server's action URL:
      """
      {"unshelve": {"host": "compute1"}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still SHELVED_OFFLOADED

  @id:unshelve-from-2.91-host @aspect:microversions
  Scenario: From 2.91 the admin unshelves an offloaded server to a named host
    Given microversion 2.91
    And a server owned by the member
    And the server is SHELVED_OFFLOADED
    When the admin unshelves the server (to a named host)
    Then the response code is 202
    And the microversion headers echo 2.91
    And the server settles in ACTIVE
    And the server runs on the host it was sent to
