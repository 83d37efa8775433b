@action:createBackup
Feature: Back up a server
  Traces to api-ref servers-actions.inc, "Create Server Back Up (createBackup Action)": creates a back up
  image of the server (name, backup_type and rotation are required). Normal response code 202; error
  codes 400, 401, 403, 404, 409. Response: up to 2.44 no body and a Location header with the image's
  URL; from 2.45 the body {"image_id": …} and no Location header (parameters.yaml image_id_in_body).
  Real Nova differs from the catalogue as it was: its backup has check_instance_state(vm_state=[ACTIVE,
  STOPPED, PAUSED, SUSPENDED]), so PAUSED and SUSPENDED servers are backed up too, and it has no
  check_instance_lock, so the owner may back up a server an admin locked (202, not 409). The server
  returns to its status.

  @id:create-backup-normal @aspect:code @aspect:body
  Scenario Outline: The owner backs up a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner backs up the server
    Then the response code is 202
    And the body has the new image's image_id
    And the response carries no Location header
    And the server settles in <status>

    Examples:
      | status    |
      | ACTIVE    |
      | SHUTOFF   |
      | PAUSED    |
      | SUSPENDED |

  @id:create-backup-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: A back up is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner backs up the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | RESCUE  |
      | SHELVED |
      | ERROR   |

  @id:create-backup-missing @aspect:code
  Scenario: The owner backs up a server that does not exist
    When the owner backs up a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:create-backup-invalid @aspect:code
  Scenario Outline: A createBackup body <problem> is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      <body>
      """
    Then the response code is 400
    And the error kind is badRequest

    Examples:
      | problem                   | body                                                                     |
      | without rotation          | {"createBackup": {"name": "nck-backup", "backup_type": "daily"}}         |
      | with a negative rotation  | {"createBackup": {"name": "nck-backup", "backup_type": "daily", "rotation": -1}} |

  @id:create-backup-locked @aspect:lock
  Scenario: The owner may back up a server the admin locked (real Nova does not check the lock)
    Given a server owned by the member
    And the admin has locked the server
    When the owner backs up the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:create-backup-before-2.45 @aspect:microversions
  Scenario: Up to 2.44 the back up is named by the Location header and there is no body
    Given microversion 2.44
    And a server owned by the member
    When the owner backs up the server
    Then the response code is 202
    And the response has no body
    And the response carries a Location header naming the new image
    And the microversion headers echo 2.44

  @id:create-backup-from-2.45 @aspect:microversions
  Scenario: From 2.45 the body carries the back up's image id and there is no Location header
    Given microversion 2.45
    And a server owned by the member
    When the owner backs up the server
    Then the response code is 202
    And the body has the new image's image_id
    And the response carries no Location header
    And the microversion headers echo 2.45
