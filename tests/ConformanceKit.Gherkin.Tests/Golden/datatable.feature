Feature: Data tables
  @id:tables
  Scenario: A table with escapes and empty cells
    Given the servers:
      | name      | status | note            |
      | web-1     | ACTIVE | pipe \| inside  |
      | db-1      |        | line\nbreak     |
      | back\\end | ERROR  | ünïcödé         |
    When the owner lists the servers
