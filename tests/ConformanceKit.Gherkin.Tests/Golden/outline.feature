@outline
Feature: Outlines
  @id:pause-from @action:pause
  Scenario Outline: Pause from <status>
    Given a server in <status>
    When the owner pauses the server with:
      | field  | value    |
      | reason | <reason> |
    Then the response code is <code>
    And the body is:
      """json
      {"status": "<status>"}
      """

    Examples: allowed
      | status | reason | code |
      | ACTIVE | test   | 202  |

    @conflict @id:pause-conflict
    Examples: refused
      | status    | reason | code |
      | PAUSED    | again  | 409  |
      | SUSPENDED |        | 409  |

  Scenario Outline: Outline without an id
    Given a server in <status>

    Examples:
      | status |
      | ACTIVE |
