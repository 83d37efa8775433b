@action:addFixedIp @action:removeFixedIp
Feature: Add a fixed IP to a server and remove one (deprecated, up to 2.43)
  Traces to api-ref servers-action-fixed-ip.inc, "Add (Associate) Fixed Ip (addFixedIp Action)
  (DEPRECATED)" and "Remove (Disassociate) Fixed Ip (removeFixedIp Action) (DEPRECATED)": addFixedIp
  names a network ({"networkId": …}, required), removeFixedIp an address ({"address": …}, required).
  Normal response code 202, no body; error codes 400, 401, 403, 404. Both were removed in 2.44, so from
  2.44 they are 404. Real Nova does the work in an asynchronous cast, so the answer does not depend on
  the outcome; the network is the server's own (from GET os-interface, or --network) and the address
  the server's first fixed address. The lock is not checked here: a member acting on a locked server
  gets an undocumented 500 from real Nova (the catalogue's realNova note).

  @id:add-fixed-ip-normal @aspect:code @aspect:body
  Scenario: The owner adds a fixed IP from the server's network
    Given a server owned by the member
    When the owner adds a fixed IP to the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:remove-fixed-ip-normal @aspect:code @aspect:body
  Scenario: The owner removes a fixed IP of the server
    Given a server owned by the member
    When the owner removes a fixed IP from the server
    Then the response code is 202
    And the response has no body
    And the server settles in ACTIVE

  @id:fixed-ip-missing @aspect:code
  Scenario Outline: <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb                    |
      | adds a fixed IP to      |
      | removes a fixed IP from |

  @id:fixed-ip-invalid @aspect:code
  Scenario Outline: A <action> body without <field> is refused
    Given microversion 2.43
    And a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"<action>": {}}
      """
    Then the response code is 400
    And the error kind is badRequest

    Examples:
      | action        | field     |
      | addFixedIp    | networkId |
      | removeFixedIp | address   |

  @id:fixed-ip-2.44 @aspect:microversions
  Scenario Outline: From 2.44 <action> does not exist
    Given microversion 2.44
    And a server owned by the member
    When the owner <verb> the server outside the action's microversions
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | action        | verb                    |
      | addFixedIp    | adds a fixed IP to      |
      | removeFixedIp | removes a fixed IP from |
