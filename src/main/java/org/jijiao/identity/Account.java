package org.jijiao.identity;

import java.util.Set;

/** An account as the identity capability needs it. The hash never leaves this package. */
public record Account(long id, String idNumber, String name, String passwordHash,
    boolean mustChangePassword, String status, long orgId, Set<Role> roles) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
