@aspect:policy
Feature: A reader of the owner's project may look but not act
  Traces to Nova's policy defaults ("new defaults", enforced by every release since 2023.2; nova/policies):
  the server actions a project member may perform need role member in the server's project
  (PROJECT_MEMBER_OR_ADMIN), reads need role reader (PROJECT_READER_OR_ADMIN), and a user holding only
  the reader role gets 403 "Policy doesn't allow … to be performed." (api-ref: every server action lists
  403). Measured on Nova 31 Epoxy (reference-nova-epoxy.md): a reader gets 200 on GET and 403 on every
  action. These scenarios run where the cloud has a reader identity (--reader-cloud, or --reader-token
  with noauth2); without one they are skipped. Zed's old defaults give the reader role no meaning: do not
  give a reader there. Each scenario first shows that the reader sees the member's server (GET 200, so a
  403 is the policy, not a project mismatch); a refused action leaves the server as it was.

  @id:reader-acts
  Scenario Outline: The reader may not do what a member may: <verb> the server
    Given a server owned by the member
    And the reader sees the server
    When the reader <verb> the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still ACTIVE

    Examples:
      | verb                       |
      | pauses                     |
      | suspends                   |
      | stops                      |
      | reboots                    |
      | locks                      |
      | creates an image of        |
      | backs up                   |
      | rescues                    |
      | shelves                    |
      | resizes                    |
      | rebuilds                   |
      | changes the password of    |
      | adds a security group to   |
      | gets the console output of |
      | triggers a crash dump in   |
      | force-deletes              |

  @id:reader-acts-from
  Scenario Outline: The reader may not <verb> a server that is <status>
    Given a server owned by the member
    And the server is <status>
    And the reader sees the server
    When the reader <verb> the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is still <status>

    Examples:
      | verb      | status            |
      | unpauses  | PAUSED            |
      | starts    | SHUTOFF           |
      | resumes   | SUSPENDED         |
      | unrescues | RESCUE            |
      | unshelves | SHELVED_OFFLOADED |

  @id:reader-unlocks @action:unlock
  Scenario: The reader may not unlock a server the owner locked
    Given a server owned by the member
    And the owner has locked the server
    And the reader sees the server
    When the reader unlocks the server
    Then the response code is 403
    And the error kind is forbidden
    And the server is locked
