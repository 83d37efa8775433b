@action:createImage
Feature: Create an image (snapshot) of a server
  Traces to api-ref servers-actions.inc, "Create Image (createImage Action)": creates an image from a
  server; the server must be ACTIVE, SHUTOFF, SUSPENDED or PAUSED, and after the snapshot its status
  returns to the original status. Normal response code 202; error codes 400, 401, 403, 404, 409.
  Request: "name" is required (parameters.yaml image_name). Response: up to 2.44 no body and the new
  image's URL in the Location header; from 2.45 the body {"image_id": …} and no Location header
  (parameters.yaml image_id_in_body, versionadded 2.45).
  Real Nova (compute API snapshot) has no check_instance_lock: the owner may snapshot a server an admin
  locked, so that answers 202, not 409 (the catalogue's realNova note). Before 2.45 real Nova's
  createImage Location is the Glance URL of the image (reference-nova.md), still ending in /images/{id}.

  @id:create-image-normal @aspect:code @aspect:body
  Scenario Outline: The owner creates an image of a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner creates an image of the server
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

  @id:create-image-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Creating an image is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner creates an image of the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status  |
      | RESCUE  |
      | SHELVED |
      | ERROR   |

  @id:create-image-missing @aspect:code
  Scenario: The owner creates an image of a server that does not exist
    When the owner creates an image of a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:create-image-invalid @aspect:code
  Scenario: A createImage body without a name is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"createImage": {}}
      """
    Then the response code is 400
    And the error kind is badRequest

  @id:create-image-locked @aspect:lock
  Scenario: The owner may snapshot a server the admin locked (real Nova does not check the lock)
    Given a server owned by the member
    And the admin has locked the server
    When the owner creates an image of the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:create-image-before-2.45 @aspect:microversions
  Scenario: Up to 2.44 the new image is named by the Location header and there is no body
    Given microversion 2.44
    And a server owned by the member
    When the owner creates an image of the server
    Then the response code is 202
    And the response has no body
    And the response carries a Location header naming the new image
    And the microversion headers echo 2.44

  @id:create-image-from-2.45 @aspect:microversions
  Scenario: From 2.45 the body carries the new image's id and there is no Location header
    Given microversion 2.45
    And a server owned by the member
    When the owner creates an image of the server
    Then the response code is 202
    And the body has the new image's image_id
    And the response carries no Location header
    And the microversion headers echo 2.45
