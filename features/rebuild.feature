@action:rebuild
Feature: Rebuild a server
  Traces to api-ref servers-actions.inc, "Rebuild Server (rebuild Action)": recreates the root disk of
  the server from imageRef (required). Preconditions: status ACTIVE, SHUTOFF or ERROR. Asynchronous
  postconditions: a server that was SHUTOFF is SHUTOFF after the rebuild, otherwise ACTIVE. Normal response
  code 202 with {"server": {…}} including adminPass (parameters.yaml adminPass_response); from 2.75 the
  server in the body has the same fields as GET /servers/{id} at that microversion (the schema check
  tells the two shapes apart). Error codes 400, 401, 403, 404, 409. Real Nova checks the lock.
  The rebuild uses the run's image, the one the server was created from: the reference Nova (26.2.2)
  answers 500 (a TypeError in get_system_metadata_from_image) to a rebuild from another image.

  @id:rebuild-normal @aspect:code @aspect:body
  Scenario Outline: The owner rebuilds a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner rebuilds the server
    Then the response code is 202
    And the body describes the rebuilt server
    And the body carries an adminPass
    And the server settles in <settled>
    And the server has the image it was rebuilt with

    Examples:
      | status  | settled |
      | ACTIVE  | ACTIVE  |
      | SHUTOFF | SHUTOFF |
      | ERROR   | ACTIVE  |

  @id:rebuild-conflict @aspect:preconditions @preconditions:sample
  Scenario Outline: Rebuild is refused while the server is <status>
    Given a server owned by the member
    And the server is <status>
    When the owner rebuilds the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still <status>

    Examples:
      | status    |
      | PAUSED    |
      | SUSPENDED |
      | RESCUE    |
      | SHELVED   |

  @id:rebuild-missing @aspect:code
  Scenario: The owner rebuilds a server that does not exist
    When the owner rebuilds a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:rebuild-invalid @aspect:code
  Scenario: A rebuild body without imageRef is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"rebuild": {}}
      """
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

  @id:rebuild-locked @aspect:lock
  Scenario: A server the admin locked refuses the owner's rebuild, and the admin may rebuild it
    Given a server owned by the member
    And the admin has locked the server
    When the owner rebuilds the server
    Then the response code is 409
    And the error kind is conflictingRequest
    And the server is still ACTIVE
    When the admin rebuilds the server
    Then the response code is 202
    And the server settles in ACTIVE

  @id:rebuild-microversion @aspect:microversions
  Scenario Outline: At <microversion> the rebuilt server is described as that microversion documents it
    Given microversion <microversion>
    And a server owned by the member
    When the owner rebuilds the server
    Then the response code is 202
    And the body describes the rebuilt server
    And the microversion headers echo <microversion>
    And the server settles in ACTIVE

    # Both sides of each microversion that changes the rebuilt server in the response (parameters.yaml:
    # flavor embedded 2.47, server_groups 2.71, locked_reason 2.73, full server 2.75, pinned_availability_zone
    # 2.96, image properties 2.98, scheduler_hints 2.100); the schema of each range is checked.
    Examples:
      | microversion |
      | 2.46         |
      | 2.47         |
      | 2.70         |
      | 2.71         |
      | 2.72         |
      | 2.73         |
      | 2.74         |
      | 2.75         |
      | 2.95         |
      | 2.96         |
      | 2.97         |
      | 2.98         |
      | 2.99         |
      | 2.100        |

  # Request parameters with a min_version or max_version in parameters.yaml (rebuild request): personality
  # up to 2.56; description from 2.19, key_name from 2.54 (null unsets it), user_data from 2.57,
  # trusted_image_certificates from 2.63 (null unsets it), hostname from 2.90.
  @id:rebuild-parameter-accepted @aspect:microversions
  Scenario Outline: At <microversion> a rebuild body <variant> is accepted
    Given microversion <microversion>
    And a server owned by the member
    When the owner rebuilds the server <variant>
    Then the response code is 202
    And the body describes the rebuilt server
    And the server settles in ACTIVE

    Examples:
      | microversion | variant                                |
      | 2.56         | (with personality)                     |
      | 2.19         | (with a description)                   |
      | 2.54         | (with key_name null)                   |
      | 2.57         | (with user_data)                       |
      | 2.63         | (with trusted_image_certificates null) |
      | 2.90         | (with a hostname)                      |

  @id:rebuild-parameter-refused @aspect:microversions
  Scenario Outline: At <microversion> a rebuild body <variant> is refused, the parameter not being documented there
    Given microversion <microversion>
    And a server owned by the member
    When the owner rebuilds the server <variant> outside the variant's microversions
    Then the response code is 400
    And the error kind is badRequest
    And the server is still ACTIVE

    Examples:
      | microversion | variant                                |
      | 2.57         | (with personality)                     |
      | 2.18         | (with a description)                   |
      | 2.53         | (with key_name null)                   |
      | 2.56         | (with user_data)                       |
      | 2.62         | (with trusted_image_certificates null) |
      | 2.89         | (with a hostname)                      |
