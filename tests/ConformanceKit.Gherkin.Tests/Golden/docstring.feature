Feature: Doc strings
  @id:docs
  Scenario: Doc strings with and without a media type
    When the owner sends:
      """json
      {
        "pause": null
      }
      """
    Then the body is:
      ```
      Indented text
        keeps its relative indentation
      and \"\"\" escaped delimiters
      ```
