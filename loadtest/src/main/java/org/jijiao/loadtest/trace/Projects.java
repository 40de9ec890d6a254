package org.jijiao.loadtest.trace;

/**
 * The projects a trace enrolls into. {@code open} means "the first project the server lists
 * as open to me", resolved by the replayer as a real client would; {@code capped} is the id
 * of a capacity-limited project, or null when the server offered none (see skipReason).
 */
record Projects(String open, String capped, String cappedSkipReason) {

  static final String FIRST_OPEN = "open";

  boolean hasCapped() {
    return capped != null;
  }
}
