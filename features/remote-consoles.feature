@action:os-getVNCConsole @action:os-getSPICEConsole @action:os-getRDPConsole @action:os-getSerialConsole
Feature: Get a remote console for a server (deprecated, up to 2.5)
  Traces to api-ref servers-action-remote-consoles.inc, "Get VNC Console", "Get SPICE Console", "Get RDP
  Console" and "Get Serial Console" (all DEPRECATED): each answers 200 with {"console": {"type", "url"}};
  error codes 400, 401, 403, 404, 409, 501. They were replaced by POST /servers/{id}/remote-consoles in
  2.6, so from 2.6 they are 404. A deployment that has a console type turned off answers 400
  "Unavailable console type" (or 501): that is reported as not supported, not as a failure.
  The RDP console was removed with the Hyper-V driver in Nova 29.0.0 (servers-action-rdp-remote-consoles.inc,
  warning); a Nova from that release on answers os-getRDPConsole with 400 and webob's default message
  (measured on Nova 31.0.0), which is reported as not supported.
  The console type must be one the action documents (parameters.yaml: novnc or xvpvnc for VNC); another
  is 400.

  @id:remote-console-normal @aspect:code @aspect:body
  Scenario Outline: The owner <verb> the server
    Given a server owned by the member
    When the owner <verb> the server
    Then the console is granted

    Examples:
      | verb                     |
      | gets a VNC console for   |
      | gets a SPICE console for |
      | gets an RDP console for  |
      | gets a serial console for |

  @id:remote-console-missing @aspect:code
  Scenario Outline: The owner <verb> a server that does not exist
    When the owner <verb> a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | verb                     |
      | gets a VNC console for   |
      | gets a serial console for |

  @id:remote-console-invalid @aspect:code
  Scenario: A VNC console of a type VNC does not have is refused
    Given microversion 2.5
    And a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"os-getVNCConsole": {"type": "spice-html5"}}
      """
    Then the response code is 400
    And the error kind is badRequest

  @id:remote-console-2.5 @aspect:microversions
  Scenario: At 2.5 the VNC console action still exists
    Given microversion 2.5
    And a server owned by the member
    When the owner gets a VNC console for the server
    Then the console is granted
    And the microversion headers echo 2.5

  @id:remote-console-2.6 @aspect:microversions
  Scenario Outline: From 2.6 <action> does not exist
    Given microversion 2.6
    And a server owned by the member
    When the owner <verb> the server outside the action's microversions
    Then the response code is 404
    And the error kind is itemNotFound

    Examples:
      | action              | verb                      |
      | os-getVNCConsole    | gets a VNC console for    |
      | os-getSPICEConsole  | gets a SPICE console for  |
      | os-getRDPConsole    | gets an RDP console for   |
      | os-getSerialConsole | gets a serial console for |
