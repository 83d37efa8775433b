@action:injectNetworkInfo @action:resetNetwork
Feature: Inject network information into a server; reset its network (removed)
  Traces to api-ref servers-admin-action.inc, "Inject Network Information (injectNetworkInfo Action)":
  policy admin only by default; normal response code 202, no body; error codes 401, 403, 404, 409. And
  "Reset Networking On A Server (resetNetwork Action) (DEPRECATED)", whose warning says it was removed in
  Nova 23.0.0 (Wallaby) and answers 410 Gone. Real Nova (reference-nova.md) answers every resetNetwork
  call 410 computeFault before it looks the server up or checks the policy, so an existing server, a
  missing one and a member all get 410: that is encoded here instead of the old 202.
  Real Nova's inject_network_info has no status check (a SHUTOFF server is accepted too).

  @id:inject-network-info-normal @aspect:code @aspect:body
  Scenario Outline: The admin injects network information into a server that is <status>
    Given a server owned by the member
    And the server is <status>
    When the admin injects network info into the server
    Then the response code is 202
    And the response has no body
    And the server settles in <status>

    Examples:
      | status  |
      | ACTIVE  |
      | SHUTOFF |

  @id:inject-network-info-policy @aspect:policy
  Scenario: The owner may not inject network information
    Given a server owned by the member
    When the owner injects network info into the server
    Then the response code is 403
    And the error kind is forbidden

  @id:inject-network-info-missing @aspect:code
  Scenario: The admin injects network information into a server that does not exist
    When the admin injects network info into a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:reset-network-gone @aspect:code
  Scenario Outline: resetNetwork is gone: the <actor> resetting the network of <which> gets 410
    Given a server owned by the member
    When the <actor> resets the network of <which>
    Then the response code is 410
    And the error kind is computeFault

    Examples:
      | actor | which                     |
      | admin | the server                |
      | owner | the server                |
      | admin | a server that does not exist |
