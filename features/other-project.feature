Feature: A member of another project cannot act on the server
  Traces to the api-ref's policy note on each of these actions: "Policy defaults enable only users with
  the administrative role or the owner of the server to perform this operation". A member of another
  project is neither; real Nova (reference-nova.md) answers 404 "Instance … could not be found" rather
  than 403, because it does not reveal another project's servers, and the server is left as it was.
  One scenario per action that the owner may run (removeFloatingIp is left out: real Nova finds that
  server through the address, not through the URL).

  Scenario Outline: The member of another project <verb> the server and gets 404
    Given a server owned by the member
    When the member of another project <verb> the server
    Then the response code is 404
    And the error kind is itemNotFound
    And the server is still ACTIVE

    @id:other-project-changePassword @aspect:policy
    Examples:
      | verb |
      | changes the password of |

    @id:other-project-createImage @aspect:policy
    Examples:
      | verb |
      | creates an image of |

    @id:other-project-createBackup @aspect:policy
    Examples:
      | verb |
      | backs up |

    @id:other-project-trigger_crash_dump @aspect:policy
    Examples:
      | verb |
      | triggers a crash dump in |

    @id:other-project-rescue @aspect:policy
    Examples:
      | verb |
      | rescues |

    @id:other-project-rebuild @aspect:policy
    Examples:
      | verb |
      | rebuilds |

    @id:other-project-resize @aspect:policy
    Examples:
      | verb |
      | resizes |

    @id:other-project-shelve @aspect:policy
    Examples:
      | verb |
      | shelves |

    @id:other-project-forceDelete @aspect:policy
    Examples:
      | verb |
      | force-deletes |

    @id:other-project-addSecurityGroup @aspect:policy
    Examples:
      | verb |
      | adds a security group to |

    @id:other-project-addFloatingIp @aspect:policy
    Examples:
      | verb |
      | adds a floating IP to |

    @id:other-project-addFixedIp @aspect:policy
    Examples:
      | verb |
      | adds a fixed IP to |

    @id:other-project-os-getConsoleOutput @aspect:policy
    Examples:
      | verb |
      | gets the console output of |

    @id:other-project-os-getVNCConsole @aspect:policy
    Examples:
      | verb |
      | gets a VNC console for |
