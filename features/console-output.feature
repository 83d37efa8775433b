@action:os-getConsoleOutput
Feature: Show the console output of a server
  Traces to api-ref servers-action-console-output.inc, "Show Console Output (os-getConsoleOutput
  Action)": returns the last "length" lines of the console log ({"output": "…"}); normal response code
  200; error codes 401, 403, 404, 409, 501 (a 501 is reported as not supported). Real Nova's
  get_console_output has check_instance_host: a server without a host (SHELVED_OFFLOADED) is 409.
  A length that is not an integer breaks real Nova's schema (400).

  @id:console-output-normal @aspect:code @aspect:body
  Scenario: The owner reads the last lines of a server's console
    Given a server owned by the member
    When the owner asks for the last 5 lines of the server's console output
    Then the response code is 200
    And the console output has 5 lines
    And the server is still ACTIVE

  @id:console-output-conflict @aspect:preconditions
  Scenario: A server without a host has no console output
    Given a server owned by the member
    And the server is SHELVED_OFFLOADED
    When the owner gets the console output of the server
    Then the response code is 409
    And the error kind is conflictingRequest

  @id:console-output-missing @aspect:code
  Scenario: The owner asks for the console output of a server that does not exist
    When the owner gets the console output of a server that does not exist
    Then the response code is 404
    And the error kind is itemNotFound

  @id:console-output-invalid @aspect:code
  Scenario: A length that is not an integer is refused
    Given a server owned by the member
    When the owner posts this body to the server's action URL:
      """
      {"os-getConsoleOutput": {"length": "five"}}
      """
    Then the response code is 400
    And the error kind is badRequest
