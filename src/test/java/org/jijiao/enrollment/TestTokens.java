package org.jijiao.enrollment;

import org.jijiao.testing.TestNode;

/** {@link Tokens} for tests of other packages. */
public final class TestTokens {

  private TestTokens() {
  }

  public static String forAccount(TestNode node, long accountId) {
    return Tokens.forAccount(node, accountId);
  }
}
