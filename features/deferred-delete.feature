@action:restore @action:forceDelete
Feature: Restore or force-delete a soft-deleted server
  Traces to api-ref servers-action-deferred-delete.inc, "Restore Soft-Deleted Instance (restore Action)"
  and "Force-Delete Server (forceDelete Action)": with deferred delete configured, DELETE leaves a server
  SOFT_DELETED; restore brings it back (ACTIVE), forceDelete removes it at once. Normal response code 202,
  no body; error codes 401, 403, 404, 409. A cloud without deferred delete removes the server on DELETE:
  there the SOFT_DELETED scenarios are skipped.
  Real Nova differs from the catalogue as it was: force_delete has check_instance_state(vm_state=None),
  so a server that is not soft-deleted is force-deleted too; restore checks the lock (the owner gets 409
  on a server an admin locked), and restore is refused (409) from any status but SOFT_DELETED.

  @id:restore-normal @aspect:code @aspect:body
  Scenario: The owner restores a soft-deleted server
    Given a server owned by the member
    And the server is SOFT_DELETED
    When the owner restores the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:force-delete-normal @aspect:code @aspect:body
  Scenario Outline: The owner force-deletes a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner force-deletes the server
    Then the response code is 202
    And the response has no body
    And the server is gone

    Examples:
      | status       |
      | SOFT_DELETED |
      | ACTIVE       |
      | SHUTOFF      |

  @id:restore-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Restore is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner restores the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:deferred-delete-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb          |
      | restores      |
      | force-deletes |

  @id:force-delete-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's force-delete, and the admin may force-delete it
    Given a server owned by the member
    And the admin has locked the server
    When the owner force-deletes the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin force-deletes the server
    Then the response code is 202
    And the server is gone

  @id:restore-locked @aspect:lock
  Scenario: A soft-deleted server the admin locked refuses the owner's restore, and the admin may restore it
    Given a server owned by the member
    And the server is SOFT_DELETED
    And the admin has locked the server
    When the owner restores the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still SOFT_DELETED
    When the admin restores the server
    Then the response code is 202
    And the server settles in ACTIVE
