@action:addFloatingIp @action:removeFloatingIp
Feature: Associate a floating IP with a server and disassociate it (deprecated, up to 2.43)
  Traces to api-ref servers-actions.inc, "Add (Associate) Floating Ip (addFloatingIp Action)
  (DEPRECATED)" and "Remove (Disassociate) Floating Ip (removeFloatingIp Action) (DEPRECATED)": the
  body names the address ({"address": …}, required); normal response code 202, no body; error codes
  400, 401, 403, 404 (and 409 for removeFloatingIp). Both were removed in 2.44, so from 2.44 they are
  404. Afterwards the address shows in the server's addresses with OS-EXT-IPS:type "floating", or not.
  Real Nova differs: addFloatingIp has no status check (the api-ref's ACTIVE or STOPPED precondition is
  not enforced); removeFloatingIp does not look the server up by its id at all: it finds the server
  through the address, so an address that is not associated with the server is 409 for the admin
  (reference-nova.md) even when the server does not exist, and 403 for a member (the policy is checked
  against no project). Those cases are checked as the admin here. The address is leased from the run's pool (--floating-ip, or the unassociated
  addresses GET /os-floating-ips lists); where there is none the scenarios are skipped.

  @id:add-floating-ip-normal @aspect:code @aspect:body
  Scenario: The owner associates a floating IP with a server
    Given a server owned by the member
    When the owner adds a floating IP to the server
    Then the response code is 202
    And the response has no body
    And the server has the floating IP

  @id:remove-floating-ip-normal @aspect:code @aspect:body
  Scenario: The owner disassociates a floating IP from a server
    Given a server owned by the member
    And the server has a floating IP
    When the owner removes a floating IP from the server
    Then the response code is 202
    And the response has no body
    And the server has no floating IP

  @id:remove-floating-ip-not-associated @aspect:preconditions
  Scenario: Disassociating an address the server does not have is refused
    Given a server owned by the member
    When the admin removes a floating IP from the server
    Then the response code is 409
    And the error kind is conflictingRequest

  @id:floating-ip-missing @aspect:code
  Scenario: The owner associates a floating IP with a server that does not exist
    When the owner adds a floating IP to a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:remove-floating-ip-missing @aspect:code
  Scenario: Disassociating an address from a server that does not exist is a conflict, not 404
    When the admin removes a floating IP from a server that does not exist
    Then the response code is 409
    And the error kind is conflictingRequest

  @id:floating-ip-invalid @aspect:code
  Scenario: An addFloatingIp body without an address is refused
    Given microversion 2.43
    And a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"addFloatingIp": {}}
      """
    Then the response code is 400
    And the error kind is badRequest

  @id:floating-ip-2.43 @aspect:microversions
  Scenario: At 2.43 the owner may still associate a floating IP
    Given microversion 2.43
    And a server owned by the member
    When the owner adds a floating IP to the server
    Then the response code is 202
    And the microversion headers echo 2.43
    And the server has the floating IP

  @id:floating-ip-2.44 @aspect:microversions
  Scenario Outline: From 2.44 <action> does not exist
    Given microversion 2.44
    And a server owned by the member
    When the owner <verb> the server outside the action's microversions
    Then the response code is 404
    And the error kind is itemNotFound
    And the server has no floating IP

    Examples:
      | action           | verb                       |
      | addFloatingIp    | adds a floating IP to      |
      | removeFloatingIp | removes a floating IP from |
