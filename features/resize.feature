@action:resize @action:confirmResize @action:revertResize
Feature: Resize a server, then confirm or revert the resize
  Traces to api-ref servers-actions.inc, "Resize Server (resize Action)", "Confirm Resized Server
  (confirmResize Action)" and "Revert Resized Server (revertResize Action)". resize: the server must be
  ACTIVE or SHUTOFF; flavorRef is required; a resized server shows VERIFY_RESIZE; 202, no body.
  confirmResize: only from VERIFY_RESIZE; afterwards ACTIVE (or SHUTOFF) with the new flavor; normal code
  204. revertResize: only from VERIFY_RESIZE; afterwards ACTIVE (or SHUTOFF) with the old flavor; 202.
  Error codes 400, 401, 403, 404, 409 for all three. Real Nova checks the lock for all three.
  The flavor is compared by id up to 2.46 and by name from 2.47, where the server embeds its flavor.

  @id:resize-normal @aspect:code @aspect:body
  Scenario Outline: The owner resizes a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner resizes the server
    Then the response code is 202
    And the response has no body
    And the server settles in VERIFY_RESIZE
    And the server has the other flavor

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:confirm-resize-normal @aspect:code @aspect:body
  Scenario: The owner confirms a resize
    Given a server owned by the member
    And the server is VERIFY_RESIZE
    When the owner confirms the resize of the server
    Then the response code is 204
    And the response has no body
    And the server settles in ACTIVE
    And the server has the other flavor

  @id:revert-resize-normal @aspect:code @aspect:body
  Scenario: The owner reverts a resize
    Given a server owned by the member
    And the server is VERIFY_RESIZE
    When the owner reverts the resize of the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE
    And the server has the original flavor

  @id:resize-stopped-settles @aspect:code
  Scenario Outline: A resize of a stopped server is <done> back to SHUTOFF
    Given a server owned by the member
    And the server is SHUTOFF
    When the owner resizes the server
    Then the response code is 202
    And the server settles in VERIFY_RESIZE
    When the owner <phrase> the server
    Then the response code is <code>
    And the server settles in SHUTOFF
    And the server has the <flavor> flavor

    Examples:
      | done      | phrase                 | code | flavor   |
      | confirmed | confirms the resize of | 204  | other    |
      | reverted  | reverts the resize of  | 202  | original |

  @id:resize-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Resize is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner resizes the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status        |
      | PAUSED        |
      | RESCUE        |
      | VERIFY_RESIZE |
      | SHELVED       |
      | ERROR         |

  @id:confirm-resize-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: <verb> is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner <phrase> the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | verb          | phrase                 | status  |
      | Confirming    | confirms the resize of | ACTIVE  |
      | Confirming    | confirms the resize of | SHUTOFF |
      | Reverting     | reverts the resize of  | ACTIVE  |
      | Reverting     | reverts the resize of  | PAUSED  |

  @id:resize-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb                   |
      | resizes                |
      | confirms the resize of |
      | reverts the resize of  |

  @id:resize-invalid @aspect:code
  Scenario: A resize body without flavorRef is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"resize": {}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

  @id:resize-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's resize, and the admin may resize it
    Given a server owned by the member
    And the admin has locked the server
    When the owner resizes the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin resizes the server
    Then the response code is 202
    And the server settles in VERIFY_RESIZE

  @id:confirm-resize-locked @aspect:lock
  Scenario: A resized server the admin locked refuses the owner's confirmation, and the admin may confirm
    Given a server owned by the member
    And the server is VERIFY_RESIZE
    And the admin has locked the server
    When the owner confirms the resize of the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still VERIFY_RESIZE
    When the admin confirms the resize of the server
    Then the response code is 204
    And the server settles in ACTIVE

  @id:revert-resize-locked @aspect:lock
  Scenario: A resized server the admin locked refuses the owner's revert
    Given a server owned by the member
    And the server is VERIFY_RESIZE
    And the admin has locked the server
    When the owner reverts the resize of the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still VERIFY_RESIZE
