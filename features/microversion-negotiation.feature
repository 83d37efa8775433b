@action:pause
Feature: Microversion negotiation on the endpoint's own range
  Traces to api-ref versions.inc, "List All Major Versions" / "Show Details of Specific API Version": the
  version document names the lowest (min_version) and the highest (version) microversion the endpoint
  serves, requested with the X-OpenStack-Nova-API-Version header or, since 2.27, OpenStack-API-Version
  ("compute X.Y"); and the compute API guide's "Microversions" page that versions.inc links: a request for
  a microversion outside that range gets 406 Not Acceptable with a message naming the range, "latest" is
  the highest, a request without a version header is served at the lowest, and the response headers say
  which microversion was served. Real Nova (reference-nova.md): 406 computeFault "Version 2.94 is not
  supported by the API. Minimum is 2.1 and maximum is 2.93."; header names are compared case-insensitively
  (Nova 34 sends them in lower case). The request is a pause, and a refused one leaves the server ACTIVE.

  @id:microversion-above-maximum @aspect:microversions
  Scenario: A request at the advertised maximum plus one is refused with 406 naming the range
    Given a server owned by the member
    When the owner pauses the server at the advertised maximum plus one
    Then the response code is 406
    And the error kind is computeFault
    And the error message names the endpoint's microversion range
    And the server is still ACTIVE

  @id:microversion-echo @aspect:microversions
  Scenario Outline: A request <asking> is served at the advertised <served>, and the headers say so
    Given a server owned by the member
    When the owner pauses the server <asking>
    Then the response code is 202
    And the microversion headers echo the advertised <served>
    And the server settles in PAUSED

    Examples:
      | asking                             | served  |
      | at the advertised maximum          | maximum |
      | asking for the latest microversion | maximum |
      | without a microversion header      | minimum |
