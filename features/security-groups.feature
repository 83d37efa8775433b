@action:addSecurityGroup @action:removeSecurityGroup
Feature: Add a security group to a server and remove it
  Traces to api-ref servers-actions.inc, "Add Security Group To A Server (addSecurityGroup Action)" and
  "Remove Security Group From A Server (removeSecurityGroup Action)": the body names the group
  ({"name": …}, required). Normal response code 202, no body; error codes 400, 401, 403, 404.
  Afterwards the server's security_groups list shows, or no longer shows, the group.
  Real Nova (reference-nova.md): removing a group that is not attached to the server is 404.
  The group is the run's --security-group (default "extra", which the reference Nova gives every project).

  @id:add-security-group-normal @aspect:code @aspect:body
  Scenario: The owner adds a security group to a server
    Given a server owned by the member
    When the owner adds a security group to the server
    Then the response code is 202
    And the response has no body
    And the server is in the security group
    And the server is still ACTIVE

  @id:remove-security-group-normal @aspect:code @aspect:body
  Scenario: The owner removes a security group from a server
    Given a server owned by the member
    And the server is in the security group
    When the owner removes a security group from the server
    Then the response code is 202
    And the response has no body
    And the server is not in the security group

  @id:remove-security-group-not-attached @aspect:code
  Scenario: Removing a security group the server is not in is refused
    Given a server owned by the member
    When the owner removes a security group from the server
    Then the response code is 404
    And the error kind is itemNotFound
    And the server is not in the security group

  @id:security-group-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb                          |
      | adds a security group to      |
      | removes a security group from |

  @id:security-group-invalid @aspect:code
  Scenario Outline: A <action> body without a name is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"<action>": {}}
      """
    Then the response code is 400
    And the error kind is badRequest

    Examples:
      | action              |
      | addSecurityGroup    |
      | removeSecurityGroup |
